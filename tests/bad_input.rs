//! Hostile and malformed events: each gets a dropped event with a receipt (or a clean result),
//! never a panic, a hang or raw output.

use consent_guard::Guard;
use std::time::Instant;

fn guard() -> Guard {
    Guard::with_preset("scan-all", None).unwrap()
}

fn dropped_detail(g: &mut Guard, text: &str) -> (String, String) {
    let out = g.redact(text);
    assert!(out.output.is_none(), "expected a drop for {:.60}", text);
    assert!(!out.receipt.kept);
    let d = &out.receipt.dropped[0];
    (
        d.reason.as_str().to_owned(),
        d.detail.clone().unwrap_or_default(),
    )
}

#[test]
fn invalid_json_and_non_objects_are_dropped_with_a_reason() {
    let mut g = guard();
    for text in [
        "",
        "nope",
        "{\"a\":",
        "\"just a string\"",
        "42",
        "null",
        "[1,]",
    ] {
        let (reason, detail) = dropped_detail(&mut g, text);
        assert_eq!(reason, "invalid_event", "{text}: {detail}");
    }
    // A batch item that is not an object is dropped on its own.
    let out = g.redact(r#"[1, {"note":"mail jane@example.com"}]"#);
    assert_eq!(out.output.unwrap(), r#"[{"note":"mail [email]"}]"#);
    assert_eq!(out.receipt.dropped[0].path, "[0]");
}

#[test]
fn nesting_100000_levels_is_a_limit_not_a_crash() {
    let mut g = guard();
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let t = Instant::now();
    assert_eq!(
        dropped_detail(&mut g, &deep),
        ("limit".into(), "max_depth".into())
    );
    let deep_obj = "{\"a\":".repeat(100_000) + "1" + &"}".repeat(100_000);
    assert_eq!(
        dropped_detail(&mut g, &deep_obj),
        ("limit".into(), "max_depth".into())
    );
    assert!(t.elapsed().as_secs() < 5);
}

#[test]
fn a_10_mb_string_hits_the_event_size_limit() {
    let mut g = guard();
    let big = format!("{{\"note\":\"{}jane@example.com\"}}", "x".repeat(10 << 20));
    assert_eq!(
        dropped_detail(&mut g, &big),
        ("limit".into(), "max_event_bytes".into())
    );
    // With the limit raised, it is scanned (and stays linear).
    let mut roomy = Guard::new(
        r#"{"version":1,"limits":{"max_event_bytes":16777216,"max_scan_bytes":16777216}}"#,
        None,
    )
    .unwrap();
    let t = Instant::now();
    let out = roomy.redact(&big).output.unwrap();
    assert!(out.ends_with("[email]\"}"));
    assert!(t.elapsed().as_secs() < 10);
}

#[test]
fn prototype_keys_are_plain_data() {
    let mut g = guard();
    let text =
        r#"{"__proto__":{"polluted":"jane@example.com"},"constructor":{"prototype":{"x":1}}}"#;
    let out = g.redact(text).output.unwrap();
    assert_eq!(
        out,
        r#"{"__proto__":{"polluted":"[email]"},"constructor":{"prototype":{"x":1}}}"#
    );
}

#[test]
fn lone_surrogates_pass_through_unchanged_and_never_panic() {
    let mut g = guard();
    let text = r#"{"a":"\ud800x","b":"\udfff jane@example.com","c":"\ud83d\ude00"}"#;
    let out = g.redact(text).output.unwrap();
    // Untouched strings keep their escapes byte for byte; a rewritten one decodes the surrogate.
    assert!(out.contains(r#""a":"\ud800x""#), "{out}");
    assert!(out.contains(r#""c":"\ud83d\ude00""#), "{out}");
    assert!(out.contains("[email]") && !out.contains("jane@"), "{out}");
}

#[test]
fn counters_tally_drops_by_reason() {
    let mut g = guard();
    g.redact("nope");
    g.redact(r#"{"a":1}"#);
    let c = g.counters();
    assert_eq!(
        (c.calls, c.events_seen, c.events_kept, c.events_dropped),
        (2, 2, 1, 1)
    );
    assert_eq!(c.dropped_by_reason.get("invalid_event"), 1);
}
