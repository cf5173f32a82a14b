//! Receipts built to `ReceiptDetail::Counts` (what the JS API asks for when nobody reads the
//! receipt) change nothing but the receipt: the same output byte for byte, the same drops, the
//! same actions and detectors in the same order, the same counters; only the changes' rule ids
//! and paths are left out (and never printed, so never scanned).

mod common;

use common::{ANALYTICS, EVERYTHING, NOTHING};
use consent_guard::engine::ReceiptDetail;
use consent_guard::policy::PRESET_NAMES as PRESETS;
use consent_guard::Guard;
use serde_json::{json, Value};

const CONSENTS: [&str; 3] = [NOTHING, ANALYTICS, EVERYTHING];

fn fixtures() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/fixtures/sdk-payloads");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let f: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let body = &f["body"];
        if f["kind"] == "envelope" || f["kind"] == "form-urlencoded" {
            continue; // read by the codecs, not by redact
        }
        out.push(body.to_string());
        for key in ["batch", "events"] {
            if let Some(items) = body[key].as_array() {
                out.extend(items.iter().take(3).map(Value::to_string));
            }
        }
    }
    assert!(out.len() > 30, "fixtures found: {}", out.len());
    out
}

/// Inputs that make the walk print paths in every way it can: keys holding personal data
/// (rewritten), keys a `keys` rule rewrites into one another, arrays, JSON inside strings,
/// a limit, invalid input, a batch with a bad item.
fn crafted() -> Vec<String> {
    vec![
        json!({"event": "x", "properties": {"jane@example.com": 1, "n": [{"ip 203.0.113.7": "a"}, "4111 1111 1111 1111"]}}).to_string(),
        json!({"event": "x", "attrs": {"A": "jane@example.com", "a": "b", "card 4111 1111 1111 1111": "x"}}).to_string(),
        json!({"event": "x", "nested": "{\"email\":\"jane@example.com\",\"deep\":\"[1,\\\"+1 415 555 0132\\\"]\"}"}).to_string(),
        json!({"batch": [{"event": "a", "email": "jane@example.com"}, 7, {"event": "b"}]}).to_string(),
        json!([{"event": "a", "x": "https://u:p@h.example/p?email=jane@example.com#f"}]).to_string(),
        format!(r#"{{"event":"x","big":"{}"}}"#, "jane@example.com ".repeat(5000)),
        "{\"a\":".to_owned(),
        r#"{"event":"x","dup":1,"dup":"jane@example.com"}"#.to_owned(),
    ]
}

const KEYS_POLICY: &str = r#"{"version":1,"extends":"scan-all",
  "limits":{"max_scan_bytes":20000},
  "rules":[
    {"id":"lower-keys","select":"attrs","purposes":["marketing"],"keys":{"type":"replace","with":"k"}},
    {"id":"url","select":"**.x","granted":{"type":"url"}}
  ]}"#;

fn compare(policy: &str, consent: &str, inputs: &[String]) {
    let mut full = Guard::new(policy, Some(b"0123456789abcdef0123456789abcdef".to_vec())).unwrap();
    let mut counts =
        Guard::new(policy, Some(b"0123456789abcdef0123456789abcdef".to_vec())).unwrap();
    full.set_consent_json(consent).unwrap();
    counts.set_consent_json(consent).unwrap();
    for text in inputs {
        for name in [None, Some("event")] {
            let a = full.redact_with(text, name, ReceiptDetail::Full);
            let b = counts.redact_with(text, name, ReceiptDetail::Counts);
            let at = || {
                format!("policy {policy:.40}, consent {consent}, name {name:?}, input {text:.120}")
            };
            assert_eq!(a.output, b.output, "output differs: {}", at());
            assert_eq!(a.receipt.kept, b.receipt.kept, "{}", at());
            assert_eq!(a.receipt.events, b.receipt.events, "{}", at());
            assert_eq!(
                a.receipt.dropped,
                b.receipt.dropped,
                "drops differ: {}",
                at()
            );
            let what = |r: &consent_guard::Receipt| {
                r.changes
                    .iter()
                    .map(|c| (c.action, c.detector.clone(), c.note))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                what(&a.receipt),
                what(&b.receipt),
                "changes differ: {}",
                at()
            );
            assert!(
                b.receipt
                    .changes
                    .iter()
                    .all(|c| c.rule.is_empty() && c.path.is_empty()),
                "a counts-only receipt printed a path or rule: {}",
                at()
            );
        }
    }
    assert_eq!(
        full.counters(),
        counts.counters(),
        "counters differ under {policy:.40}, {consent}"
    );
}

#[test]
fn counts_only_receipts_change_nothing_but_the_receipt_on_the_sdk_fixtures() {
    let inputs = fixtures();
    for preset in PRESETS {
        for consent in CONSENTS {
            compare(
                &format!(r#"{{"version":1,"extends":"{preset}"}}"#),
                consent,
                &inputs,
            );
        }
    }
}

#[test]
fn counts_only_receipts_change_nothing_but_the_receipt_where_paths_are_printed() {
    let inputs = crafted();
    for consent in CONSENTS {
        compare(KEYS_POLICY, consent, &inputs);
        for preset in PRESETS {
            compare(
                &format!(r#"{{"version":1,"extends":"{preset}"}}"#),
                consent,
                &inputs,
            );
        }
    }
}

#[test]
fn full_receipts_still_name_rules_and_paths() {
    let mut g = Guard::new(KEYS_POLICY, None).unwrap();
    g.set_consent_json("{}").unwrap();
    for text in &crafted()[..2] {
        let out = g.redact_with(text, None, ReceiptDetail::Full);
        let changes: Vec<(&str, &str)> = out
            .receipt
            .changes
            .iter()
            .map(|c| (c.rule.as_str(), c.path.as_str()))
            .collect();
        assert!(!changes.is_empty(), "{text}");
        assert!(
            changes
                .iter()
                .all(|(rule, path)| !rule.is_empty() && !path.is_empty()),
            "{changes:?}"
        );
        assert!(
            changes
                .iter()
                .all(|(_, path)| !path.contains("4111") && !path.contains("jane")),
            "paths are scanned: {changes:?}"
        );
    }
}
