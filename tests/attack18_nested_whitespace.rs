//! Red team 18 finding (fixed; this test keeps it fixed): field rules apply inside JSON held in a string (`Engine::nested`) only
//! when the string's FIRST byte is `{`/`[` and its LAST is `}`/`]`. JSON text with whitespace
//! around it (a trailing newline, as NDJSON lines and files end; a leading space) is valid JSON
//! to every reader, but the engine treats it as free text: the detectors run, the field rules
//! do not. Every preset's personal-key rules (`**.last_name`, `**.street`, ...) then let
//! `"Doe"` and `"12 Elm Road"` (nothing a detector finds) through, while the same JSON without
//! the newline has both removed.
//!
//! Class: a rule silently stops applying. Pre-existing (not introduced by the hot-path work).
//! Suggested fix: decide "JSON text" on the string with JSON whitespace trimmed (json::parse
//! already skips it), and write the surrounding whitespace back around the rewritten text.

use consent_guard::Guard;
use serde_json::{json, Value};

const PRESETS: &[&str] = &["posthog", "segment", "sentry", "amplitude", "mixpanel"];

fn redact(preset: &str, inner: &str) -> String {
    let mut g = Guard::with_preset(preset, None).unwrap();
    g.set_consent_json(r#"{"analytics":true}"#).unwrap();
    let text = json!({"event": "x", "properties": {"p": inner}}).to_string();
    let out: Value = serde_json::from_str(&g.redact(&text).output.unwrap()).unwrap();
    out["properties"]["p"].as_str().unwrap_or("").to_owned()
}

const INNER: &str = r#"{"last_name":"Doe","street":"12 Elm Road"}"#;

#[test]
fn control_personal_keys_go_inside_json_held_in_a_string() {
    for preset in PRESETS {
        let p = redact(preset, INNER);
        assert!(!p.contains("Doe") && !p.contains("Elm"), "{preset}: {p}");
    }
}

#[test]
fn personal_keys_go_inside_json_with_whitespace_around_it() {
    for preset in PRESETS {
        for inner in [
            format!("{INNER}\n"),
            format!(" {INNER}"),
            format!("\r\n{INNER}\r\n"),
        ] {
            let p = redact(preset, &inner);
            assert!(
                !p.contains("Doe") && !p.contains("Elm"),
                "{preset}: field rules did not apply to {inner:?}: {p:?}"
            );
        }
    }
}
