//! Red team 19: a field's rule context is lost at the JSON-in-a-string boundary.
//!
//! `Engine::nested` runs the held JSON through `child.part(&mut tree, None)`: a fresh walk from
//! the nested root with `Inherited { action: None, scan: 0, .. }`. So what the rule that
//! selected the string says about its content does not apply to it:
//! - `truncate`: `leaf` returns right after `nested` (`Unchanged` / `Rewritten`) before the cut,
//!   so a JSON string under `truncate {max: 5}` goes out whole; the same data as an object is
//!   cut (truncate is inherited by the leaves).
//! - `keys` (`hash`, `drop`): applies to the keys of the selected object, but the nested root is
//!   not matched by the rule's selector, so `{"attrs": "{\"Jane Doe\":1}"}` keeps the key.
//! - a rule's own `scan` (extra detectors / user patterns): the child scans with `scans[0]`, so
//!   a user pattern the rule adds (`ORD-12345`) is not applied inside the JSON text.
//!
//! Class: rule silently not applied (data the rule hides leaves). Pre-existing; fixed (the field passes its context to JSON held in it).
//! Suggested fix: give the child run the node's `Inherited` (action, scan, unlisted, covered)
//! and the rule's `keys` for the nested root, and apply `Truncate` to the final text after
//! `nested` (or treat the nested root as the selected node).

use consent_guard::Guard;
use serde_json::json;

fn run(policy: &str, value: serde_json::Value) -> String {
    let mut g = Guard::new(policy, Some(b"0123456789abcdef0123456789abcdef".to_vec())).unwrap();
    g.redact(&value.to_string()).output.unwrap_or_default()
}

const TRUNC: &str =
    r#"{"version":1,"rules":[{"id":"t","select":"msg","granted":{"type":"truncate","max":5}}]}"#;

#[test]
fn control_truncate_applies_to_an_object_and_plain_text() {
    assert!(!run(TRUNC, json!({"msg": {"s": "abcdefghijkl"}})).contains("fghijkl"));
    assert!(!run(TRUNC, json!({"msg": "abcdefghijkl"})).contains("fghijkl"));
}

#[test]
fn truncate_applies_to_json_held_in_a_string() {
    let out = run(TRUNC, json!({"msg": r#"{"s":"abcdefghijkl"}"#}));
    assert!(!out.contains("fghijkl"), "truncate skipped: {out}");
}

#[test]
fn control_keys_rules_apply_to_an_object() {
    for keys in [r#"{"type":"hash"}"#, r#"{"type":"drop"}"#] {
        let policy =
            format!(r#"{{"version":1,"rules":[{{"id":"k","select":"**.attrs","keys":{keys}}}]}}"#);
        let out = run(&policy, json!({"attrs": {"Jane Doe": 1}}));
        assert!(!out.contains("Jane Doe"), "{keys}: {out}");
    }
}

#[test]
fn keys_rules_apply_to_json_held_in_a_string() {
    for keys in [r#"{"type":"hash"}"#, r#"{"type":"drop"}"#] {
        let policy =
            format!(r#"{{"version":1,"rules":[{{"id":"k","select":"**.attrs","keys":{keys}}}]}}"#);
        let out = run(&policy, json!({"attrs": r#"{"Jane Doe":1}"#}));
        assert!(!out.contains("Jane Doe"), "{keys} skipped: {out}");
    }
}

const RSCAN: &str = r#"{"version":1,"patterns":[{"id":"order","regex":"ORD-[0-9]{5}"}],"scan":{"detectors":["email"]},"rules":[{"id":"n","select":"note","scan":{"detectors":["all","order"]}}]}"#;

#[test]
fn control_a_rules_scan_applies_to_an_object() {
    assert!(!run(RSCAN, json!({"note": "ORD-12345"})).contains("ORD-12345"));
    assert!(!run(RSCAN, json!({"note": {"t": "ORD-12345"}})).contains("ORD-12345"));
}

#[test]
fn a_rules_scan_applies_to_json_held_in_a_string() {
    let out = run(RSCAN, json!({"note": r#"{"t":"ORD-12345"}"#}));
    assert!(
        !out.contains("ORD-12345"),
        "the rule's pattern skipped: {out}"
    );
}
