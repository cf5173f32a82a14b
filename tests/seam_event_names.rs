//! Seam 3: `"*"` means every event.
//!
//! An event whose name is missing, or is not a string, is still an event: it matches `"*"`
//! event rules and is gated by them. Otherwise every preset's catch-all would be a bypass: drop
//! the name, or make it a number, and nothing would be needed.

mod common;

use common::*;
use proptest::prelude::*;

/// Bodies whose events carry no usable name, per preset (one event, a batch, a bare array).
fn nameless(preset: &str) -> Vec<String> {
    let props = r#""properties":{"note":"hello","url":"https://a.example/?token=T"}"#;
    let names = [
        "",
        r#""event":5,"#,
        r#""event":["$pageview"],"#,
        r#""event":null,"#,
        r#""event":{"x":1},"#,
        r#""type":7,"event_type":false,"name":[],"#,
    ];
    let mut out = Vec::new();
    for name in names {
        let event = format!("{{{name}{props}}}");
        out.push(event.clone());
        out.push(format!("[{event}]"));
        let batch = match preset {
            "amplitude" => "events",
            _ => "batch",
        };
        out.push(format!(r#"{{"{batch}":[{event}]}}"#));
    }
    out
}

#[test]
fn nameless_events_are_gated_by_every_presets_catch_all() {
    for preset in PRESETS {
        for body in nameless(preset) {
            assert_eq!(
                redact_text(preset, NOTHING, &body),
                None,
                "{preset}: {body} went out with nothing granted"
            );
            assert!(
                redact_text(preset, ANALYTICS, &body).is_some(),
                "{preset}: {body} blocked with analytics"
            );
        }
    }
}

#[test]
fn an_event_no_rule_matches_still_needs_nothing() {
    let policy =
        r#"{"version":1,"events":[{"id":"c","match":"checkout_*","purposes":["analytics"]}]}"#;
    assert!(redact_text(policy, NOTHING, r#"{"event":"pageview"}"#).is_some());
    assert!(redact_text(policy, NOTHING, r#"{"x":1}"#).is_some());
    assert_eq!(
        redact_text(policy, NOTHING, r#"{"event":"checkout_done"}"#),
        None
    );
}

proptest! {
    /// Whatever an event looks like, a policy whose catch-all needs a purpose never lets it
    /// out while that purpose is denied.
    #[test]
    fn a_catch_all_gates_any_shape(
        key in "[a-z_$]{1,8}",
        value in prop_oneof![
            Just("1".to_owned()), Just("null".to_owned()), Just("[]".to_owned()),
            Just("{}".to_owned()), Just("true".to_owned()), "\"[a-z$]{0,8}\"",
        ],
        name_field in prop_oneof![Just("event"), Just("type"), Just("name"), Just("x")],
    ) {
        let policy = r#"{"version":1,"event_name":["event","type"],"events":[{"id":"all","match":"*","purposes":["analytics"]}]}"#;
        let body = format!(r#"{{"{name_field}":{value},"{key}":1}}"#);
        prop_assert_eq!(redact_text(policy, NOTHING, &body), None, "{}", body);
    }
}
