//! Seam 2: every byte of a body is checked or dropped.
//!
//! What surrounds a batch, fields no codec knows, what goes over the scan budget, OTLP outside
//! span attributes (resources, scopes, `schemaUrl`, logs, metrics, every resource list), and
//! Sentry envelope item headers and item types: each is either redacted or not sent.

mod common;

use common::*;
use consent_guard::codec::BodyOptions;

#[test]
fn what_surrounds_a_batch_is_redacted_too() {
    let body = r#"{"api_key":"k","batch":[{"event":"$pageview","properties":{"a":1}}],"sent_at":"2026-01-01T00:00:00Z",
        "extra":{"email":"jane.doe@example.com","$current_url":"https://a.example/?token=WRAPTOKEN"},"note":"card 4111 1111 1111 1111"}"#;
    let out = redact_text("posthog", ANALYTICS, body).unwrap();
    assert_gone(
        &out,
        &["jane.doe@example.com", "WRAPTOKEN", "4111 1111 1111 1111"],
        "wrapper",
    );
    assert!(out.contains("\"api_key\":\"k\""), "{out}");
    // Nothing of it goes out without an event that may be sent.
    assert_eq!(redact_text("posthog", NOTHING, body), None);
}

#[test]
fn what_goes_over_the_scan_budget_is_dropped_not_passed() {
    let policy = r#"{"version":1,"batch":["batch"],"limits":{"max_scan_bytes":1000}}"#;
    let filler = "x".repeat(1500);
    // Over budget around the batch: the whole body goes.
    let body =
        format!(r#"{{"batch":[{{"event":"a"}}],"pad":"{filler}","late":"jane.doe@example.com"}}"#);
    let mut g = guard(policy, NOTHING);
    let outcome = g.redact(&body);
    assert_eq!(outcome.output, None);
    assert!(outcome
        .receipt
        .dropped
        .iter()
        .any(|d| d.detail.as_deref() == Some("max_scan_bytes")));
    // Over budget inside an event: that event goes, its neighbour stays.
    let body = format!(
        r#"{{"batch":[{{"event":"a","pad":"{filler}","late":"jane.doe@example.com"}},{{"event":"b"}}]}}"#
    );
    let out = g.redact(&body).output.unwrap();
    assert_eq!(out, r#"{"batch":[{"event":"b"}]}"#);
}

const OTLP_TRACES: &str = r#"{"resourceSpans":[
  {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}},{"key":"owner","value":{"stringValue":"jane.doe@example.com"}}]},
   "scopeSpans":[{"scope":{"name":"lib for jane.doe@example.com","version":"1","attributes":[{"key":"u","value":{"stringValue":"card 4111 1111 1111 1111"}}]},
                  "spans":[{"name":"GET","attributes":[{"key":"url.full","value":{"stringValue":"https://a.example/?token=SPANTOKEN"}}],"mystery":"call +1 415 555 0132"}],
                  "schemaUrl":"https://opentelemetry.io/schemas/1.0.0?token=SCHEMATOKEN"}],
   "schemaUrl":"https://opentelemetry.io/schemas/1.0.0"},
  {"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"two"},"spans":[{"name":"POST","attributes":[{"key":"http.url","value":{"stringValue":"https://b.example/x?token=SECONDTOKEN"}}]}]}]}
 ],
 "unknown":{"note":"jane.doe@example.com"}}"#;

#[test]
fn otlp_traces_are_redacted_outside_span_attributes_and_in_every_resource() {
    let out = redact_bytes("otel", ANALYTICS, OTLP_TRACES.as_bytes()).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_gone(
        &out,
        &[
            "jane.doe@example.com",
            "4111 1111 1111 1111",
            "SPANTOKEN",
            "SCHEMATOKEN",
            "SECONDTOKEN",
            "415 555 0132",
        ],
        "otlp traces",
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["resourceSpans"][0]["resource"]["attributes"][0]["value"]["stringValue"],
        "shop"
    );
    assert_eq!(v["resourceSpans"].as_array().unwrap().len(), 2);
    assert_eq!(redact_bytes("otel", NOTHING, OTLP_TRACES.as_bytes()), None);
}

#[test]
fn otlp_logs_and_metrics_use_the_same_codec() {
    let logs = r#"{"resourceLogs":[{"resource":{"attributes":[{"key":"user.email","value":{"stringValue":"jane.doe@example.com"}}]},
        "scopeLogs":[{"scope":{"name":"app"},"logRecords":[{"severityText":"INFO","body":{"stringValue":"checkout by jane.doe@example.com"},
        "attributes":[{"key":"url.full","value":{"stringValue":"https://a.example/?token=LOGTOKEN"}}]}]}]}]}"#;
    let out = redact_bytes("otel", ANALYTICS, logs.as_bytes()).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_gone(&out, &["jane.doe@example.com", "LOGTOKEN"], "otlp logs");
    assert!(out.contains("\"logRecords\""), "{out}");
    assert_eq!(redact_bytes("otel", NOTHING, logs.as_bytes()), None);

    let metrics = r#"{"resourceMetrics":[{"resource":{"attributes":[]},"scopeMetrics":[{"scope":{"name":"m"},"metrics":[{"name":"http.client.duration","unit":"ms",
        "histogram":{"dataPoints":[{"attributes":[{"key":"url.full","value":{"stringValue":"https://a.example/?token=METRICTOKEN"}},{"key":"who","value":{"stringValue":"jane.doe@example.com"}}],"count":"1"}]}}]}]}]}"#;
    let out = redact_bytes("otel", ANALYTICS, metrics.as_bytes()).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_gone(
        &out,
        &["jane.doe@example.com", "METRICTOKEN"],
        "otlp metrics",
    );
    assert!(out.contains("\"dataPoints\""), "{out}");
    assert_eq!(redact_bytes("otel", NOTHING, metrics.as_bytes()), None);
}

#[test]
fn envelope_item_headers_are_checked() {
    let env = "{\"event_id\":\"e1\"}\n{\"type\":\"event\",\"filename\":\"for jane.doe@example.com.txt\"}\n{\"message\":\"x\"}\n";
    let out = redact_bytes("sentry", NOTHING, env.as_bytes()).unwrap();
    assert_gone(
        std::str::from_utf8(&out).unwrap(),
        &["jane.doe@example.com"],
        "item header",
    );
}

#[test]
fn envelope_item_types_the_preset_does_not_name_need_consent() {
    for kind in [
        "log",
        "profile",
        "profile_chunk",
        "check_in",
        "feedback",
        "user_report",
        "session",
        "sessions",
        "transaction",
        "span",
        "otel_log",
        "something_new",
    ] {
        let env =
            format!("{{}}\n{{\"type\":\"{kind}\"}}\n{{\"items\":[{{\"body\":\"hello\"}}]}}\n");
        assert_eq!(
            redact_bytes("sentry", NOTHING, env.as_bytes()),
            None,
            "{kind} went out with nothing granted"
        );
        assert!(
            redact_bytes("sentry", ANALYTICS, env.as_bytes()).is_some(),
            "{kind} blocked with analytics"
        );
    }
    for kind in ["replay_event", "replay_recording", "replay_video"] {
        let env = format!("{{}}\n{{\"type\":\"{kind}\"}}\n{{\"segment_id\":0}}\n");
        assert_eq!(
            redact_bytes("sentry", ANALYTICS, env.as_bytes()),
            None,
            "{kind}"
        );
    }
    // A binary item is blocked whatever the consent, unless opaque bodies are allowed.
    let env = b"{}\n{\"type\":\"replay_recording\",\"length\":4}\n\x78\x9c\x01\x02\n";
    let mut g = guard("sentry", EVERYTHING);
    assert_eq!(g.redact_body(env, BodyOptions::default()).output, None);
}

#[test]
fn form_fields_beside_data_are_dropped_and_a_second_data_is_not_read_another_way() {
    // Base64 of [{"event":"e","properties":{"token":"MIXPANEL"}}]
    let first = "W3siZXZlbnQiOiJlIiwicHJvcGVydGllcyI6eyJ0b2tlbiI6Ik1JWFBBTkVMIn19XQ%3D%3D";
    let body = format!("data={first}&data=eyJhIjoxfQ%3D%3D&note=jane.doe%40example.com");
    let out = redact_bytes("mixpanel", ANALYTICS, body.as_bytes()).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.matches("data=").count(), 1, "{out}");
    assert!(!out.contains("note="), "{out}");
}

#[test]
fn json_that_a_form_parser_reads_as_data_is_blocked() {
    // A collector that parses this body as a form finds data=<base64 of events>.
    let body = r#"{"event":"x","k":"&data=W3siZW1haWwiOiJqYW5lQGV4YW1wbGUuY29tIn1d&z="}"#;
    assert_eq!(redact_bytes("mixpanel", EVERYTHING, body.as_bytes()), None);
}
