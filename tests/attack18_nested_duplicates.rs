//! Red team 18 finding (fixed; this test keeps it fixed): JSON (or gzip, as PostHog's replay sends it) held in a string is parsed
//! with "the last value wins" for a repeated key, and the earlier value is never walked or
//! scanned. When the walk then changes nothing, `Nested::Unchanged` keeps the ORIGINAL string,
//! which still holds the earlier, unscanned value: it leaves the page raw.
//!
//! `{"event":"x","p":"{\"a\":\"jane@example.com\",\"a\":\"x\"}"}` comes out unchanged under
//! every preset (scan-all included), while `{"a":"jane@example.com"}` in the same place is
//! redacted. At the top level the same input is safe: the output is written from the tree (the
//! earlier value is gone) and the receipt notes `@json duplicate_key`.
//!
//! Class: leak (fail-open), pre-existing in `Engine::nested` (not introduced by the hot-path
//! work). Suggested fix: parse nested text with `json::parse_counted`; when it reports
//! repeated keys, treat the string as changed (write it back from the tree) and note
//! `@json duplicate_key`, as the top level does.

use consent_guard::engine::ReceiptDetail;
use consent_guard::Guard;
use serde_json::{json, Value};

use consent_guard::policy::PRESET_NAMES as PRESETS;
const ALL: &str = r#"{"analytics":true,"functional":true,"personalization":true,"marketing":true}"#;

fn guard(preset: &str) -> Guard {
    let mut g =
        Guard::with_preset(preset, Some(b"0123456789abcdef0123456789abcdef".to_vec())).unwrap();
    g.set_consent_json(ALL).unwrap();
    g
}

fn gzip_latin1(text: &str) -> String {
    consent_guard::codec::gzip::compress(text.as_bytes())
        .iter()
        .map(|&b| b as char)
        .collect()
}

fn gunzip_latin1(s: &str) -> String {
    let bytes: Vec<u8> = s.chars().map(|c| c as u8).collect();
    String::from_utf8(consent_guard::codec::gzip::decompress(&bytes, 1 << 20).unwrap()).unwrap()
}

#[test]
fn control_the_same_value_without_a_repeated_key_is_redacted() {
    for preset in PRESETS {
        let text =
            json!({"event": "x", "properties": {"p": r#"{"a":"jane@example.com"}"#}}).to_string();
        let out = guard(preset).redact(&text).output.unwrap();
        assert!(!out.contains("jane@example.com"), "{preset}: {out}");
    }
}

#[test]
fn a_repeated_key_in_json_held_in_a_string_does_not_carry_a_raw_value_out() {
    let inner = r#"{"a":"jane@example.com","a":"nothing"}"#;
    for preset in PRESETS {
        for detail in [ReceiptDetail::Full, ReceiptDetail::Counts] {
            let text = json!({"event": "x", "properties": {"p": inner}}).to_string();
            let out = guard(preset)
                .redact_with(&text, None, detail)
                .output
                .unwrap();
            assert!(
                !out.contains("jane@example.com"),
                "{preset} {detail:?}: an email in a repeated key of nested JSON left raw: {out}"
            );
        }
    }
}

#[test]
fn a_repeated_key_in_gzip_held_in_a_string_does_not_carry_a_raw_value_out() {
    let inner = r#"{"ip":"203.0.113.77","note":"jane@example.com","note":"ok","ip":"$remote"}"#;
    for preset in PRESETS {
        let text = json!({"event": "x", "properties": {"blob": gzip_latin1(inner)}}).to_string();
        let Some(out) = guard(preset).redact(&text).output else {
            continue;
        };
        let v: Value = serde_json::from_str(&out).unwrap();
        let Some(blob) = v["properties"]["blob"].as_str() else {
            continue;
        };
        let inflated = gunzip_latin1(blob);
        assert!(
            !inflated.contains("jane@example.com") && !inflated.contains("203.0.113.77"),
            "{preset}: raw values inside gzip with repeated keys: {inflated}"
        );
    }
}
