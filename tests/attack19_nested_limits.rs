//! Red team 19: JSON held in a string failed open where the same data as plain JSON fails closed (fixed).
//!
//! `Engine::nested` returns `Nested::No` ("plain text: scan it") for JSON text that
//! (a) is deeper than `limits.max_depth` (`parse_counted` gives `TooDeep`), or
//! (b) sits deeper than `MAX_NESTING` strings (a 4th JSON-in-a-string level).
//! Gzip in the same spots is dropped (`unreadable = Nested::Drop`), and the same tree as plain
//! JSON is dropped with `{reason: "limit", detail: "max_depth"}`. As text, only detectors run:
//! every field rule (`**.last_name`, `**.street` of every preset) silently stops applying, and
//! `"Doe"` / `"12 Elm Road"` (nothing a detector finds) leave the page, receipt empty.
//! (c) Double-encoded JSON (`JSON.stringify(JSON.stringify(obj))`, a common SDK-wrapper bug):
//! the held text is a JSON *string* holding JSON; `nested` only looks at text starting with
//! `{`/`[`, so the inner object is never read.
//!
//! Class: fail open on a limit / rule silently not applied. Pre-existing; fixed (too deep or past the nesting bound, it goes; JSON encoded twice is read).
//! Suggested fix: for text that starts and ends like JSON (after JSON whitespace), treat
//! `TooDeep` and `nesting >= MAX_NESTING` like unreadable gzip (drop the field, note
//! `@nested drop`), or drop the event with `limit`; read a JSON string literal whose content
//! is JSON as one more nesting level.

use consent_guard::Guard;
use serde_json::{json, Value};

const PRESETS: &[&str] = &["posthog", "segment", "sentry", "amplitude", "mixpanel"];
const INNER: &str = r#"{"last_name":"Doe","street":"12 Elm Road"}"#;

fn sent(g: &mut Guard, text: &str) -> Option<String> {
    g.redact(text).output
}

fn preset_guard(preset: &str) -> Guard {
    let mut g = Guard::with_preset(preset, None).unwrap();
    g.set_consent_json(r#"{"analytics":true}"#).unwrap();
    g
}

fn event(p: &str) -> String {
    json!({"event": "x", "type": "event", "properties": {"p": p}}).to_string()
}

#[test]
fn control_three_levels_of_json_in_strings_are_redacted() {
    // p holds JSON whose x holds JSON whose x holds INNER: three strings.
    let mut text = INNER.to_owned();
    for _ in 0..2 {
        text = json!({ "x": text }).to_string();
    }
    for preset in PRESETS {
        let out = sent(&mut preset_guard(preset), &event(&text)).unwrap_or_default();
        assert!(
            !out.contains("Doe") && !out.contains("Elm"),
            "{preset}: {out}"
        );
    }
}

#[test]
fn json_four_strings_deep_does_not_go_out_with_field_rules_unapplied() {
    // One string more than the control: INNER is the 4th JSON text held in a string.
    let mut text = INNER.to_owned();
    for _ in 0..3 {
        text = json!({ "x": text }).to_string();
    }
    for preset in PRESETS {
        let out = sent(&mut preset_guard(preset), &event(&text)).unwrap_or_default();
        assert!(
            !out.contains("Doe") && !out.contains("Elm"),
            "{preset}: the 4th level was scanned as text, field rules skipped: {out}"
        );
    }
}

#[test]
fn control_too_deep_plain_json_is_dropped() {
    let policy = r#"{"version":1,"limits":{"max_depth":8},"rules":[{"id":"ln","select":"**.last_name","granted":{"type":"drop"}}]}"#;
    let mut g = Guard::new(policy, None).unwrap();
    let mut deep: Value = serde_json::from_str(INNER).unwrap();
    for _ in 0..10 {
        deep = json!({ "a": deep });
    }
    let o = g.redact(&json!({ "p": deep }).to_string());
    assert!(o.output.is_none());
    assert!(o.receipt.to_json().contains("max_depth"));
}

#[test]
fn too_deep_json_held_in_a_string_is_not_sent_as_text() {
    let policy = r#"{"version":1,"limits":{"max_depth":8},"rules":[{"id":"ln","select":"**.last_name","granted":{"type":"drop"}}]}"#;
    let mut g = Guard::new(policy, None).unwrap();
    let mut deep: Value = serde_json::from_str(INNER).unwrap();
    for _ in 0..10 {
        deep = json!({ "a": deep });
    }
    let o = g.redact(&json!({ "p": deep.to_string() }).to_string());
    let out = o.output.unwrap_or_default();
    assert!(
        !out.contains("Doe"),
        "JSON over max_depth in a string went out as text, rule unapplied: {out} / {}",
        o.receipt.to_json()
    );
}

#[test]
fn too_deep_json_held_in_a_string_under_presets_default_limits() {
    let mut deep: Value = serde_json::from_str(INNER).unwrap();
    for _ in 0..70 {
        deep = json!([deep]);
    }
    for preset in PRESETS {
        let out = sent(&mut preset_guard(preset), &event(&deep.to_string())).unwrap_or_default();
        assert!(
            !out.contains("Doe") && !out.contains("Elm"),
            "{preset}: {out}"
        );
    }
}

#[test]
fn double_encoded_json_in_a_string_gets_the_field_rules() {
    // JSON.stringify(JSON.stringify(obj)): the string's text is a JSON string literal.
    let double = serde_json::to_string(INNER).unwrap();
    for preset in PRESETS {
        let out = sent(&mut preset_guard(preset), &event(&double)).unwrap_or_default();
        assert!(
            !out.contains("Doe") && !out.contains("Elm"),
            "{preset}: double-encoded JSON read as text: {out}"
        );
    }
}
