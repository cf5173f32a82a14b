//! Request bodies as the real SDKs put them on the wire (decoded captures in `tests/wire/`,
//! re-encoded here the way each SDK sends them), through `Guard::redact_body`:
//! - the body comes back in the format it came in (gzip stays gzip, a form stays a form);
//! - no planted PII, page token or query email survives, under any consent state;
//! - permitted fields survive intact; denied events do not arrive; unreadable bodies are blocked.

use consent_guard::base64;
use consent_guard::codec::{envelope, gzip, BodyOptions, BodyOutcome};
use consent_guard::Guard;
use serde_json::Value;

const CANARIES: &[&str] = &[
    "jane.doe@example.com",
    "jane.doe%40example.com",
    "PAGETOKEN456",
    "4111111111111111",
    "4111 1111 1111 1111",
    "415 555 0132",
];
const NECESSARY: &str = r#"{"necessary":true,"functional":false,"analytics":false,"marketing":false,"personalization":false,"ai_training":false,"sale_sharing":false}"#;
const ANALYTICS: &str = r#"{"necessary":true,"functional":false,"analytics":true,"marketing":false,"personalization":false,"ai_training":false,"sale_sharing":false}"#;
const ALL: &str = r#"{"necessary":true,"functional":true,"analytics":true,"marketing":true,"personalization":true,"ai_training":true,"sale_sharing":true}"#;

fn capture(name: &str) -> Value {
    let text = std::fs::read_to_string(format!(
        "{}/tests/wire/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// How a body travels on the wire.
#[derive(Clone, Copy, Debug)]
enum Wire {
    Json,
    Gzip,
    FormBase64,
    FormUrlencoded,
    Envelope,
}

fn encode(body: &Value, wire: Wire) -> Vec<u8> {
    match wire {
        Wire::Json => body.to_string().into_bytes(),
        Wire::Gzip => gzip::compress(body.to_string().as_bytes()),
        Wire::FormBase64 => {
            let b64 = base64::encode(
                body.to_string().as_bytes(),
                base64::Style {
                    url_safe: false,
                    padded: true,
                },
            );
            format!(
                "data={}",
                b64.replace('+', "%2B")
                    .replace('/', "%2F")
                    .replace('=', "%3D")
            )
            .into_bytes()
        }
        Wire::FormUrlencoded => {
            let text: String = body
                .to_string()
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("data={text}").into_bytes()
        }
        Wire::Envelope => {
            let lines: Vec<String> = body
                .as_array()
                .unwrap()
                .iter()
                .map(Value::to_string)
                .collect();
            lines.join("\n").into_bytes()
        }
    }
}

/// Reads a redacted body back into JSON values, checking it kept its wire format.
fn decode(bytes: &[u8], wire: Wire) -> Vec<Value> {
    match wire {
        Wire::Json => vec![serde_json::from_slice(bytes).unwrap()],
        Wire::Gzip => {
            assert!(gzip::is_gzip(bytes), "gzip in, gzip out");
            vec![serde_json::from_slice(&gzip::decompress(bytes, 1 << 24).unwrap()).unwrap()]
        }
        Wire::FormBase64 | Wire::FormUrlencoded => {
            let text = std::str::from_utf8(bytes).unwrap();
            let value = text.strip_prefix("data=").expect("a data= form");
            assert!(!value.contains('&'), "only the data field is sent");
            let decoded = percent_decode(value);
            let json = match wire {
                Wire::FormBase64 => base64::decode(decoded.as_bytes()).expect("still base64").0,
                _ => decoded.into_bytes(),
            };
            vec![serde_json::from_slice(&json).unwrap()]
        }
        Wire::Envelope => {
            let env = envelope::parse(bytes).expect("still an envelope");
            let mut out = vec![serde_json::from_str(env.header).unwrap()];
            for item in env.items {
                out.push(serde_json::from_str(item.header).unwrap());
                out.push(serde_json::from_slice(item.payload).unwrap());
            }
            out
        }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(if b[i] == b'+' { b' ' } else { b[i] });
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn run(preset: &str, consent: &str, bytes: &[u8]) -> BodyOutcome {
    let mut guard = Guard::with_preset(preset, None).unwrap();
    guard.set_consent_json(consent).unwrap();
    guard.redact_body(bytes, BodyOptions::default())
}

/// Values only a URL, referrer or free text carries: never sent under any consent. (With
/// everything granted, identify traits such as the email are sent as the person allowed.)
const ALWAYS_GONE: &[&str] = &["PAGETOKEN456", "jane.doe%40example.com", "4111111111111111"];

fn assert_clean(values: &[Value], consent: &str, what: &str) {
    let text = serde_json::to_string(values).unwrap();
    let canaries = if consent == ALL {
        ALWAYS_GONE
    } else {
        CANARIES
    };
    for canary in canaries {
        assert!(
            !text.contains(canary),
            "{what}: {canary} survived in {text}"
        );
    }
}

const CASES: &[(&str, &str, Wire)] = &[
    ("posthog-hook0-5-i_v0_e", "posthog", Wire::Gzip),
    ("posthog-hook0-5-i_v0_e", "posthog", Wire::FormBase64),
    ("posthog-hook0-6-flags", "posthog", Wire::Gzip),
    ("segment-batching_1-61-v1_b", "segment", Wire::Json),
    ("sentry-hook0-29-envelope", "sentry", Wire::Envelope),
    ("sentry-hook0-33-envelope", "sentry", Wire::Envelope),
    ("amplitude-hook0-39-2_httpapi", "amplitude", Wire::Gzip),
    ("mixpanel-json_1-54-track", "mixpanel", Wire::FormBase64),
    ("mixpanel-json_1-54-track", "mixpanel", Wire::FormUrlencoded),
    ("mixpanel-json_1-55-engage", "mixpanel", Wire::FormBase64),
    ("otel-hook0-49-v1_traces", "otel", Wire::Json),
];

fn body_of(capture: &Value) -> Value {
    let body = &capture["body"];
    // Form captures record the decoded `data` field as {how, value}.
    body.get("data")
        .and_then(|d| d.get("value"))
        .cloned()
        .unwrap_or_else(|| body.clone())
}

#[test]
fn every_capture_keeps_its_format_and_loses_its_pii_under_every_consent() {
    for &(name, preset, wire) in CASES {
        let raw = encode(&body_of(&capture(name)), wire);
        let raw_text = String::from_utf8_lossy(
            &decode(&raw, wire)
                .iter()
                .map(Value::to_string)
                .collect::<String>()
                .into_bytes(),
        )
        .into_owned();
        assert!(
            CANARIES.iter().any(|c| raw_text.contains(c)),
            "{name}: the capture has no canary to test"
        );
        for consent in [NECESSARY, ANALYTICS, ALL] {
            let out = run(preset, consent, &raw);
            let what = format!("{name} {wire:?} {consent}");
            assert!(out.receipt.format.is_some(), "{what}: format recorded");
            assert!(
                !out.receipt.format.as_deref().unwrap().contains("opaque"),
                "{what}: read, not opaque"
            );
            if let Some(bytes) = &out.output {
                assert_clean(&decode(bytes, wire), consent, &what);
            }
        }
    }
}

#[test]
fn permitted_fields_arrive_intact_and_denied_events_do_not_arrive() {
    // PostHog gzip batch: nothing but necessary drops every event (the body is not sent).
    let raw = encode(&body_of(&capture("posthog-hook0-5-i_v0_e")), Wire::Gzip);
    let denied = run("posthog", NECESSARY, &raw);
    assert_eq!(denied.output, None);
    assert!(denied
        .receipt
        .dropped
        .iter()
        .all(|d| d.reason.as_str() == "consent"));
    assert_eq!(denied.receipt.format.as_deref(), Some("gzip+json"));
    // With analytics, the events arrive and the campaign parameters survive the URL allow-list.
    let granted = run("posthog", ANALYTICS, &raw);
    let body = &decode(granted.output.as_ref().unwrap(), Wire::Gzip)[0];
    let event = &body["batch"][0];
    assert!(event["properties"]["$current_url"]
        .as_str()
        .unwrap()
        .contains("utm_source=newsletter"));
    assert_eq!(
        event["event"],
        capture("posthog-hook0-5-i_v0_e")["body"]["batch"][0]["event"]
    );

    // OTel: the service name and span names are untouched.
    let raw = encode(&body_of(&capture("otel-hook0-49-v1_traces")), Wire::Json);
    let out = run("otel", ALL, &raw);
    let body = &decode(out.output.as_ref().unwrap(), Wire::Json)[0];
    assert_eq!(
        body["resourceSpans"][0]["resource"]["attributes"][0]["value"]["stringValue"],
        "wiretest"
    );
    assert_eq!(
        body["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["name"],
        "documentFetch"
    );

    // Sentry: an error event passes with necessary only (scrubbed); its exception stays.
    let raw = encode(
        &body_of(&capture("sentry-hook0-29-envelope")),
        Wire::Envelope,
    );
    let out = run("sentry", NECESSARY, &raw);
    let lines = decode(out.output.as_ref().unwrap(), Wire::Envelope);
    assert_eq!(lines[1]["type"], "event");
    assert!(lines[2]["exception"]["values"][0]["type"].is_string());
    // A session item is release-health analytics: not sent with necessary only (every item
    // type the preset does not name as an error needs analytics), sent intact with it.
    let session = body_of(&capture("sentry-hook0-26-envelope"));
    assert_eq!(
        run("sentry", NECESSARY, &encode(&session, Wire::Envelope)).output,
        None
    );
    let out = run("sentry", ANALYTICS, &encode(&session, Wire::Envelope));
    let lines = decode(out.output.as_ref().unwrap(), Wire::Envelope);
    assert_eq!(
        (&lines[1]["type"], &lines[2]["sid"]),
        (&session[1]["type"], &session[2]["sid"])
    );
    // Spans need analytics: the span envelope is not sent at all without it.
    let raw = encode(
        &body_of(&capture("sentry-hook0-33-envelope")),
        Wire::Envelope,
    );
    assert_eq!(run("sentry", NECESSARY, &raw).output, None);
    assert!(run("sentry", ANALYTICS, &raw).output.is_some());
}

#[test]
fn envelope_items_that_are_not_json_are_dropped_and_lengths_rewritten() {
    let body = b"{\"event_id\":\"e1\"}\n{\"type\":\"attachment\",\"length\":5,\"filename\":\"a.txt\"}\nhello\n{\"type\":\"event\",\"length\":44}\n{\"message\":\"mail jane.doe@example.com now\"}\n";
    let out = run("sentry", NECESSARY, body);
    let bytes = out.output.expect("the event item is kept");
    let env = envelope::parse(&bytes).unwrap();
    assert_eq!(env.items.len(), 1);
    let header: Value = serde_json::from_str(env.items[0].header).unwrap();
    assert_eq!(
        header["length"].as_u64().unwrap() as usize,
        env.items[0].payload.len()
    );
    assert!(!String::from_utf8_lossy(&bytes).contains("jane.doe"));
    let drop = &out.receipt.dropped[0];
    assert_eq!(
        (drop.path.as_str(), drop.reason.as_str()),
        ("items[0]", "unreadable_body")
    );
}

#[test]
fn unreadable_bodies_are_blocked_unless_allowed() {
    // OTLP/protobuf: field 1, length-delimited (0x0a), then binary.
    let protobuf = [
        0x0a, 0x8c, 0x01, 0x0a, 0x1d, 0x0a, 0x0c, b's', b'e', b'r', 0xff, 0x00,
    ];
    let mut corrupt_gzip = gzip::compress(br#"{"a":"jane.doe@example.com"}"#);
    corrupt_gzip[12] ^= 0x55;
    for body in [
        &protobuf[..],
        &corrupt_gzip,
        b"plain text with jane.doe@example.com",
        b"data=%zz",
    ] {
        let out = run("posthog", ALL, body);
        assert_eq!(out.output, None, "{body:?} blocked");
        assert!(!out.receipt.kept);
        assert!(
            matches!(out.receipt.dropped[0].reason.as_str(), "unreadable_body"),
            "{:?}",
            out.receipt
        );
    }
    let mut guard = Guard::with_preset("otel", None).unwrap();
    let allowed = guard.redact_body(
        &protobuf,
        BodyOptions {
            allow_opaque: true,
            ..BodyOptions::default()
        },
    );
    assert_eq!(allowed.output.as_deref(), Some(&protobuf[..]));
    assert_eq!(allowed.receipt.format.as_deref(), Some("opaque"));
}

#[test]
fn zip_bombs_hit_the_limit() {
    let bomb = gzip::compress(&vec![b' '; 9 << 20]);
    let out = run("posthog", ALL, &bomb);
    assert_eq!(out.output, None);
    assert_eq!(out.receipt.dropped[0].reason.as_str(), "limit");
}

#[test]
fn form_fields_other_than_data_are_not_sent() {
    let body = b"data=%7B%22event%22%3A%22x%22%7D&email=jane.doe%40example.com";
    let out = run("mixpanel", ALL, body);
    let text = String::from_utf8(out.output.unwrap()).unwrap();
    assert_eq!(text, "data=%7B%22event%22%3A%22x%22%7D");
    assert!(out
        .receipt
        .changes
        .iter()
        .any(|c| c.rule == "@codec" && c.path == "form.email"));
}
