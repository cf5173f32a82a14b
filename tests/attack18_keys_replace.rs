//! Red team 18 finding (fixed; this test keeps it fixed): a rule's `keys: {type: replace}` rewrites keys WITHOUT recording a
//! change (`rewrite_key` returns the token and records nothing for `Action::Replace`).
//!
//! - At the top level the output is right (it is written from the tree), but the receipt and
//!   the counters say nothing was done.
//! - Inside JSON held in a string, `Engine::nested` decides "unchanged" from the child's receipt
//!   (`changed = !receipt.changes.is_empty()`) and sends the ORIGINAL string: the rule silently
//!   does not apply and the keys it exists to hide (`"Jane Doe"`) leave the page. The same rule
//!   with `keys: hash` applies in both places (hash records a change).
//!
//! Class: a rule silently stops applying (nested JSON) + incomplete receipt (top level).
//! Pre-existing (not introduced by the hot-path work). Suggested fix: record a `replace`
//! change in `rewrite_key` when the token differs from the key, and/or let the walk report
//! "tree changed" separately from "receipt has changes".

use consent_guard::engine::ReceiptDetail;
use consent_guard::Guard;

const POLICY: &str = r#"{"version":1,"rules":[{"id":"k","select":"**.attrs","keys":{"type":"replace","with":"key"}}]}"#;
const HASH_POLICY: &str =
    r#"{"version":1,"rules":[{"id":"k","select":"**.attrs","keys":{"type":"hash"}}]}"#;

fn run(policy: &str, text: &str, detail: ReceiptDetail) -> (String, consent_guard::Receipt) {
    let mut g = Guard::new(policy, Some(b"0123456789abcdef0123456789abcdef".to_vec())).unwrap();
    let o = g.redact_with(text, None, detail);
    (o.output.unwrap(), o.receipt)
}

#[test]
fn control_keys_hash_applies_inside_json_held_in_a_string() {
    let (out, _) = run(
        HASH_POLICY,
        r#"{"event":"x","p":"{\"attrs\":{\"Jane Doe\":1}}"}"#,
        ReceiptDetail::Full,
    );
    assert!(!out.contains("Jane Doe"), "{out}");
}

#[test]
fn keys_replace_applies_inside_json_held_in_a_string() {
    for detail in [ReceiptDetail::Full, ReceiptDetail::Counts] {
        let (out, _) = run(
            POLICY,
            r#"{"event":"x","p":"{\"attrs\":{\"Jane Doe\":1}}"}"#,
            detail,
        );
        assert!(
            !out.contains("Jane Doe"),
            "{detail:?}: the keys rule did not apply: {out}"
        );
    }
}

#[test]
fn keys_replace_at_the_top_level_is_in_the_receipt() {
    let (out, receipt) = run(
        POLICY,
        r#"{"event":"x","attrs":{"Jane Doe":1}}"#,
        ReceiptDetail::Full,
    );
    assert_eq!(out, r#"{"event":"x","attrs":{"key":1}}"#);
    assert!(
        receipt
            .changes
            .iter()
            .any(|c| c.rule == "k" && c.action == "replace"),
        "a key was replaced but the receipt says nothing: {}",
        receipt.to_json()
    );
}
