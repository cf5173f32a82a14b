//! Seam 7: bounded cost on any input (the user-pattern half; the built-in detectors' linearity
//! is tested in `tests/linear_detectors.rs`).
//!
//! A user pattern is bounded at load (a compiled program over `MAX_PATTERN_SIZE` is refused)
//! and at run time (bytes scanned times compiled size, per event, against
//! `limits.max_pattern_work`; over it, the event is dropped with a `limit` receipt).

mod common;

use common::*;
use consent_guard::policy::validate;

fn pattern_policy(regex: &str, limits: &str) -> String {
    format!(
        r#"{{"version":1,"patterns":[{{"id":"p","regex":{}}}],"scan":{{"detectors":["p"]}}{limits}}}"#,
        serde_json::to_string(regex).unwrap()
    )
}

#[test]
fn patterns_that_compile_too_big_are_refused_at_load() {
    // 3.5 s on 90 KB of "a" natively when it was accepted.
    let d = validate(&pattern_policy("(?:a{1,30}){1,30}b", ""), false);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].code, d[0].path.as_str()),
        ("BAD_PATTERN", "patterns[0].regex")
    );
    assert!(d[0].message.contains("too slow"), "{}", d[0].message);
    assert!(validate(&pattern_policy("ORD-[0-9]{6}", ""), false).is_empty());
}

#[test]
fn pattern_work_over_the_budget_drops_the_event() {
    // Accepted (22 KB compiled), and 0.4 ns per byte per unit of size: ~750 ms on 90 KB.
    let policy = pattern_policy("[\\w.]{1,200}X", "");
    let long = "ab1.".repeat(22_500);
    let mut g = guard(&policy, NOTHING);
    let outcome = g.redact(&format!(r#"{{"note":"{long}"}}"#));
    assert_eq!(outcome.output, None);
    let drop = &outcome.receipt.dropped[0];
    assert_eq!(
        (drop.reason.as_str(), drop.detail.as_deref()),
        ("limit", Some("max_pattern_work"))
    );
    // A short event under the same pattern is scanned as usual.
    let out = g.redact(r#"{"note":"ref abcX"}"#).output.unwrap();
    assert_eq!(out, r#"{"note":"ref [p]"}"#);
    // The budget is the policy's to raise.
    let roomy = pattern_policy(
        "[\\w.]{1,200}X",
        r#","limits":{"max_pattern_work":1000000000}"#,
    );
    let out = guard(&roomy, NOTHING)
        .redact(&format!(r#"{{"note":"{}"}}"#, "ab1.".repeat(500)))
        .output;
    assert!(out.is_some());
}

#[test]
fn the_budget_is_per_event_in_a_batch() {
    let policy = pattern_policy(
        "ORD-[0-9]{6}",
        r#","batch":["batch"],"limits":{"max_pattern_work":200000}"#,
    );
    // ORD-[0-9]{6} compiles to a few hundred bytes: 200 000 units is a few hundred bytes each.
    let small = r#"{"event":"a","n":"ORD-123456"}"#;
    let big = format!(r#"{{"event":"b","n":"{}"}}"#, "x".repeat(5000));
    let body = format!(r#"{{"batch":[{small},{big},{small}]}}"#);
    let out = guard(&policy, NOTHING).redact(&body).output.unwrap();
    assert_eq!(
        out,
        r#"{"batch":[{"event":"a","n":"[p]"},{"event":"a","n":"[p]"}]}"#
    );
}
