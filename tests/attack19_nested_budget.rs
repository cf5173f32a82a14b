//! Red team 19 (cost, not a leak): the per-event scan budget restarts in every JSON string.
//!
//! `Engine::child` builds a fresh `Scanner` (`scanned: 0`, `pattern_work: 0`), so
//! `limits.max_scan_bytes` (and `max_pattern_work`, same mechanism) is counted per nested
//! string, not per event: an event that is dropped with `limit: max_scan_bytes` as plain
//! strings is scanned in full and sent when the same strings are wrapped as JSON text. Nothing
//! unscanned leaves, but the README's "every limit drops the event" and the main-thread bound
//! (`max_pattern_work`) do not hold.
//! Suggested fix: charge the child's `scanned`/`pattern_work` to the parent (start the child
//! from the parent's counters and copy them back, propagating `over`).

use consent_guard::Guard;
use serde_json::json;

const POLICY: &str = r#"{"version":1,"limits":{"max_scan_bytes":100}}"#;

#[test]
fn control_plain_strings_over_the_budget_drop_the_event() {
    let mut g = Guard::new(POLICY, None).unwrap();
    let o = g.redact(&json!({"a": "x".repeat(60), "b": "y".repeat(60)}).to_string());
    assert!(o.output.is_none());
}

#[test]
fn json_held_in_strings_counts_against_the_same_budget() {
    let mut g = Guard::new(POLICY, None).unwrap();
    let a = json!({"v": "x".repeat(60)}).to_string();
    let b = json!({"v": "y".repeat(60)}).to_string();
    let o = g.redact(&json!({"a": a, "b": b}).to_string());
    assert!(
        o.output.is_none(),
        "120 scanned bytes under a 100-byte budget were sent: {}",
        o.receipt.to_json()
    );
}
