//! Attack 9, class C: detectors read a value's spelling, collectors read its value.
//!
//! Numbers are scanned as their literal text (`Json::Num` keeps the input's digits), so a card
//! number or IMEI written with an exponent or a fraction is not seen by the card/IMEI
//! detectors, while every collector's JSON reader turns it back into the same integer
//! (`4.111111111111111e15 === 4111111111111111` in JS, and in serde_json/Go as an f64). The
//! plain spelling is caught (control). OTLP's `bytesValue` is base64 that the Collector decodes
//! into bytes; the detectors see only the base64 text.
//!
//! Every test asserts the safe outcome; the spelled ones fail today.

mod common;

use common::*;

fn scan_all(body: &str) -> String {
    redact_text("scan-all", NOTHING, body).expect("scan-all sends everything")
}

#[test]
fn control_a_card_number_as_a_plain_json_number_is_caught() {
    let out = scan_all(r#"{"event":"x","properties":{"card":4111111111111111}}"#);
    assert_gone(&out, &["4111111111111111"], "plain number");
}

#[test]
fn a_card_number_with_an_exponent_is_not_seen() {
    // JSON.parse('4.111111111111111e15') === 4111111111111111; so do 41111111111111110e-1 and
    // 4111111111111111.0. A collector stores the integer.
    for spelled in [
        "4.111111111111111e15",
        "41111111111111110e-1",
        "4111111111111111.0",
        "4111111111111111E0",
    ] {
        let body = format!(r#"{{"event":"x","properties":{{"card":{spelled}}}}}"#);
        let out = scan_all(&body);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let read = v["properties"]["card"].as_f64().map(|f| f as u64);
        assert_ne!(
            read,
            Some(4_111_111_111_111_111),
            "{spelled}: the collector reads card 4111111111111111 from {out}"
        );
    }
}

#[test]
fn the_same_through_a_preset_and_the_request_codec() {
    // PostHog preset, analytics granted, as the interceptor sends it (gzip).
    let body = r#"{"batch":[{"event":"checkout","properties":{"card":4.111111111111111e15,"imei":4.90154203237518e14}}]}"#;
    let packed = consent_guard::codec::gzip::compress(body.as_bytes());
    let out = redact_bytes("posthog", ANALYTICS, &packed).unwrap();
    let text =
        String::from_utf8(consent_guard::codec::gzip::decompress(&out, 1 << 20).unwrap()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let props = &v["batch"][0]["properties"];
    assert_ne!(
        props["card"].as_f64().map(|f| f as u64),
        Some(4_111_111_111_111_111),
        "{text}"
    );
    // 490154203237518 is a valid IMEI (TAC 49015420, Luhn ok).
    assert_ne!(
        props["imei"].as_f64().map(|f| f as u64),
        Some(490_154_203_237_518),
        "{text}"
    );
}

#[test]
fn otlp_bytes_value_hides_an_email_from_the_detectors() {
    // base64("jane.doe@example.com"); the Collector stores the decoded bytes.
    let body = r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"bytesValue":"amFuZS5kb2VAZXhhbXBsZS5jb20="},
        "attributes":[{"key":"note","value":{"bytesValue":"amFuZS5kb2VAZXhhbXBsZS5jb20="}}]}]}]}]}"#;
    let out = redact_bytes("otel", ANALYTICS, body.as_bytes()).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_gone(&text, &["amFuZS5kb2VAZXhhbXBsZS5jb20="], "bytesValue email");
}
