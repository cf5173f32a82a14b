//! The wasm-bindgen-test suite, run in Node (tests/node.rs) and headless Chromium
//! (tests/browser.rs): the exported bindings and the core engine, compiled to wasm32.

use consent_guard::wasm::{preset_names, validate_policy, WasmGuard};
use consent_guard::Guard;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const PRESET: &str = r#"{"version":1,"extends":"scan-all"}"#;

fn prop(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn redacts_through_the_bindings() {
    let mut g = WasmGuard::new(PRESET, None).unwrap();
    let out = g
        .redact(
            r#"{"note":"card 4111 1111 1111 1111, ua Chrome/156.0.0.0"}"#,
            None,
            true,
        )
        .unwrap();
    assert_eq!(out, r#"{"note":"card [card], ua Chrome/156.0.0.0"}"#);
    assert!(g.last_receipt().contains(r#""detector":"card""#));
    assert_eq!(g.redact("{", None, true), None);
    assert!(g.last_receipt().contains("invalid_event"));
    assert!(g.counters().contains(r#""calls":2"#));
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_codes_rule_and_path() {
    let err = WasmGuard::new(
        r#"{"version":1,"rules":[{"id":"r1","select":"a..b"}]}"#,
        None,
    )
    .err()
    .expect("bad selector");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(prop(&err, "code"), "POLICY_INVALID");
    assert_eq!(prop(&err, "rule"), "r1");
    assert_eq!(prop(&err, "path"), "rules[0].select");
    let short = WasmGuard::new(PRESET, Some(b"short".to_vec()))
        .err()
        .unwrap();
    assert_eq!(prop(&short, "code"), "KEY_INVALID");
    let mut g = WasmGuard::new(r#"{"version":1,"extends":"posthog"}"#, None).unwrap();
    let consent = g.set_consent(r#"{"analytcs":true}"#).err().unwrap();
    assert_eq!(prop(&consent, "code"), "CONSENT_INVALID");
    g.set_consent(r#"{"analytics":true}"#).unwrap();
    assert!(g.consent().contains(r#""analytics":"granted""#));
}

#[wasm_bindgen_test]
fn consent_gates_events_inside_wasm() {
    let mut g = WasmGuard::new(r#"{"version":1,"extends":"posthog"}"#, None).unwrap();
    let ev = r#"{"event":"$pageview","properties":{"$current_url":"https://x.example/?token=T&utm_source=a"}}"#;
    assert_eq!(g.redact(ev, None, true), None);
    g.set_consent(r#"{"analytics":true}"#).unwrap();
    assert_eq!(
        g.redact(ev, None, true).unwrap(),
        r#"{"event":"$pageview","properties":{"$current_url":"https://x.example/?utm_source=a"}}"#
    );
}

#[wasm_bindgen_test]
fn validation_and_presets() {
    assert_eq!(validate_policy(PRESET, false), "[]");
    let d = validate_policy(
        r#"{"version":1,"rules":[{"id":"h","select":"e","denied":{"type":"hash"}}]}"#,
        false,
    );
    assert!(
        d.contains("HASH_WITHOUT_KEY") && d.contains("rules[0].denied"),
        "{d}"
    );
    assert!(preset_names().contains("otel"));
}

#[wasm_bindgen_test]
fn keyed_hash_matches_native() {
    let policy = r#"{"version":1,"rules":[{"id":"h","select":"e","purposes":["marketing"],"denied":{"type":"hash","length":64,"prefix":""}}]}"#;
    let mut g = Guard::new(policy, Some(b"key-key-key-key-".to_vec())).unwrap();
    let out = g
        .redact(r#"{"e":"The quick brown fox jumps over the lazy dog"}"#)
        .output
        .unwrap();
    // HMAC-SHA256(key "key-key-key-key-", message), computed independently with Python's hmac.
    assert_eq!(
        out,
        r#"{"e":"ef0080e4ab69f60ee5c1e0174c8787a7c7cff0e8ce23539807a123c16ba485be"}"#
    );
}

#[wasm_bindgen_test]
fn hostile_input_is_dropped_not_crashed() {
    let mut g = WasmGuard::new(PRESET, None).unwrap();
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(g.redact(&deep, None, true), None);
    assert!(g.last_receipt().contains("max_depth"));
    let big = format!("{{\"a\":\"{}\"}}", "x".repeat(10 << 20));
    assert_eq!(g.redact(&big, None, true), None);
    assert!(g.last_receipt().contains("max_event_bytes"));
}
