//! Every kind of load error is reported with a stable code, the rule id and the JSON path.

use consent_guard::policy::{validate, Diagnostic};
use consent_guard::{Guard, GuardError};

fn diagnostics(policy: &str, has_key: bool) -> Vec<Diagnostic> {
    validate(policy, has_key)
}

/// (policy, has_key, code, rule, path)
const CASES: &[(&str, bool, &str, Option<&str>, &str)] = &[
    ("{", false, "POLICY_SYNTAX", None, ""),
    ("[]", false, "POLICY_SHAPE", None, ""),
    (r#"{"rules":[]}"#, false, "POLICY_VERSION", None, "version"),
    (r#"{"version":2}"#, false, "POLICY_VERSION", None, "version"),
    (
        r#"{"version":1,"rulez":[]}"#,
        false,
        "POLICY_SHAPE",
        None,
        "rulez",
    ),
    (
        r#"{"version":1,"rules":[{"id":"e","select":"email","denied":{"type":"mask2"}}]}"#,
        false,
        "POLICY_SHAPE",
        Some("e"),
        "rules[0].denied.type",
    ),
    (
        r#"{"version":1,"rules":[{"id":"e","select":"email","denied":{"type":"mask","keep":4}}]}"#,
        false,
        "POLICY_SHAPE",
        Some("e"),
        "rules[0].denied.keep",
    ),
    (
        r#"{"version":1,"rules":[{"id":"e","select":"email","purpose":["analytics"]}]}"#,
        false,
        "POLICY_SHAPE",
        Some("e"),
        "rules[0].purpose",
    ),
    (
        r#"{"version":1,"rules":[{"id":"e","select":7}]}"#,
        false,
        "POLICY_SHAPE",
        Some("e"),
        "rules[0].select",
    ),
    (
        r#"{"version":1,"rules":[{"id":"a","select":"x"},{"id":"e","select":"email","purposes":["analytcs"]}]}"#,
        false,
        "UNKNOWN_PURPOSE",
        Some("e"),
        "rules[1].purposes[0]",
    ),
    (
        r#"{"version":1,"events":[{"id":"ev","match":"*","purposes":["ads"]}]}"#,
        false,
        "UNKNOWN_PURPOSE",
        Some("ev"),
        "events[0].purposes[0]",
    ),
    (
        r#"{"version":1,"rules":[{"id":"e","select":["ok","a..b"]}]}"#,
        false,
        "BAD_SELECTOR",
        Some("e"),
        "rules[0].select[1]",
    ),
    (
        r#"{"version":1,"rules":[{"id":"h","select":"email","denied":{"type":"hash"}}]}"#,
        false,
        "HASH_WITHOUT_KEY",
        Some("h"),
        "rules[0].denied",
    ),
    (
        r#"{"version":1,"scan":{"action":{"type":"hash"}}}"#,
        false,
        "HASH_WITHOUT_KEY",
        None,
        "scan.action",
    ),
    (
        r#"{"version":1,"patterns":[{"id":"p","regex":"(unclosed"}]}"#,
        false,
        "BAD_PATTERN",
        Some("p"),
        "patterns[0].regex",
    ),
    (
        r#"{"version":1,"patterns":[{"id":"p","regex":"a*"}]}"#,
        false,
        "BAD_PATTERN",
        Some("p"),
        "patterns[0].regex",
    ),
    (
        r#"{"version":1,"scan":{"detectors":["email","emial"]}}"#,
        false,
        "UNKNOWN_DETECTOR",
        None,
        "scan.detectors[1]",
    ),
    (
        r#"{"version":1,"extends":"posthgo"}"#,
        false,
        "UNKNOWN_PRESET",
        None,
        "extends",
    ),
    (
        r#"{"version":1,"rules":[{"id":"d","select":"a"},{"id":"d","select":"b"}]}"#,
        false,
        "DUPLICATE_ID",
        Some("d"),
        "rules[1].id",
    ),
    (
        r#"{"version":1,"rules":[{"id":"b","select":"a","granted":{"type":"bucket"}}]}"#,
        false,
        "BAD_VALUE",
        Some("b"),
        "rules[0].granted",
    ),
    (
        r#"{"version":1,"limits":{"max_depth":100000}}"#,
        false,
        "BAD_VALUE",
        None,
        "limits.max_depth",
    ),
    (
        r#"{"version":1,"scan":{"action":{"type":"url"}}}"#,
        false,
        "BAD_VALUE",
        None,
        "scan.action",
    ),
    (
        r#"{"version":1,"purposes":["Support Team"]}"#,
        false,
        "BAD_PURPOSE",
        None,
        "purposes[0]",
    ),
];

#[test]
fn each_error_names_code_rule_and_path() {
    for (policy, has_key, code, rule, path) in CASES {
        let d = diagnostics(policy, *has_key);
        let first = d
            .first()
            .unwrap_or_else(|| panic!("{policy}: expected {code}, loaded fine"));
        assert_eq!(first.code, *code, "{policy}: {first}");
        assert_eq!(first.rule.as_deref(), *rule, "{policy}: {first}");
        assert_eq!(first.path, *path, "{policy}: {first}");
        assert!(!first.message.is_empty());
    }
}

#[test]
fn semantic_errors_are_all_reported_at_once() {
    let d = diagnostics(
        r#"{"version":1,"rules":[{"id":"a","select":"x..","purposes":["nope"]},{"id":"b","select":"y","denied":{"type":"hash"}}]}"#,
        false,
    );
    let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["BAD_SELECTOR", "UNKNOWN_PURPOSE", "HASH_WITHOUT_KEY"]
    );
}

#[test]
fn the_same_policy_loads_with_a_key_and_messages_name_the_rule() {
    let policy = r#"{"version":1,"rules":[{"id":"h","select":"email","denied":{"type":"hash"}}]}"#;
    assert!(diagnostics(policy, true).is_empty());
    let err = Guard::new(policy, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "rule \"h\": hash action needs a key; pass `key` to createGuard at rules[0].denied"
    );
    assert!(matches!(
        Guard::new(policy, Some(b"short".to_vec())),
        Err(GuardError::KeyTooShort(5))
    ));
    assert!(Guard::new(policy, Some(vec![7; 32])).is_ok());
}

#[test]
fn every_preset_and_example_policy_loads() {
    for name in consent_guard::policy::PRESET_NAMES {
        assert!(Guard::with_preset(name, None).is_ok(), "{name}");
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/examples");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let d = diagnostics(&text, true);
        assert!(d.is_empty(), "{}: {d:?}", path.display());
    }
}
