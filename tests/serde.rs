//! The `serde` feature: a policy read through serde is the policy the strict reader reads, and a
//! receipt written through serde has the shape the browser package reports.
#![cfg(feature = "serde")]

use consent_guard::consent::Decision;
use consent_guard::policy::{self, preset_text, Policy, PRESET_NAMES};
use consent_guard::Guard;

#[test]
fn every_preset_reads_the_same_through_serde() {
    for name in PRESET_NAMES {
        let text = preset_text(name).unwrap();
        let via_serde: Policy = serde_json::from_str(text).unwrap();
        assert_eq!(via_serde, policy::parse(text).unwrap(), "preset {name}");
    }
}

#[test]
fn a_bad_policy_is_refused_with_the_readers_diagnostic() {
    let text =
        r#"{"version":1,"rules":[{"id":"r","select":"a","granted":"keep","grnted":"drop"}]}"#;
    let expected = policy::parse(text).unwrap_err()[0].to_string();
    let err = serde_json::from_str::<Policy>(text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with(&expected), "{err} / {expected}");
    assert!(serde_json::from_str::<Policy>(r#"{"version":2}"#).is_err());
}

#[test]
fn a_guard_from_a_serde_policy_redacts_by_consent() {
    let policy: Policy = serde_json::from_value(serde_json::json!({
        "version": 1,
        "events": [{ "id": "all", "match": "*", "purposes": ["analytics"] }],
        "rules": [{ "id": "email", "select": "email", "purposes": ["marketing"], "granted": { "type": "keep" }, "denied": { "type": "drop" } }]
    }))
    .unwrap();
    let mut guard = Guard::from_policy(policy, None).unwrap();
    let event = r#"{"event":"signup","email":"jane@example.com","plan":"pro"}"#;
    assert_eq!(
        guard.redact(event).output,
        None,
        "analytics unknown: dropped"
    );

    guard
        .set_consent(&[("analytics", Decision::Granted)])
        .unwrap();
    let out = guard.redact(event);
    assert_eq!(
        out.output.as_deref(),
        Some(r#"{"event":"signup","plan":"pro"}"#)
    );

    let receipt = serde_json::to_value(&out.receipt).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&out.receipt.to_json()).unwrap();
    assert_eq!(receipt, expected);
    assert_eq!(receipt["changes"][0]["rule"], "email");
    let counters = serde_json::to_value(guard.counters()).unwrap();
    assert_eq!(counters["events_kept"], 1);
    assert_eq!(counters["events_dropped"], 1);

    assert!(guard
        .set_consent(&[("nonsense", Decision::Granted)])
        .is_err());
}

#[test]
fn decisions_read_as_set_consent_takes_them() {
    let read = |v: serde_json::Value| serde_json::from_value::<Decision>(v);
    assert_eq!(read(serde_json::json!(true)).unwrap(), Decision::Granted);
    assert_eq!(read(serde_json::json!("denied")).unwrap(), Decision::Denied);
    assert_eq!(
        read(serde_json::json!("unknown")).unwrap(),
        Decision::Unknown
    );
    assert!(read(serde_json::json!("yes")).is_err());
    assert!(read(serde_json::json!(1)).is_err());
    assert_eq!(serde_json::to_value(Decision::Granted).unwrap(), "granted");
}
