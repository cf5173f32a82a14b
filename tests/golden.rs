//! Golden cases: tests/golden/*.json, each a policy (or preset), consent, optional key and an
//! input (an event value, or raw `input_text`), with the expected output and receipt.
//! `UPDATE_GOLDEN=1 cargo test --test golden` writes the actual results into the files; review
//! the diff before committing. Every bug fix adds a case.

use consent_guard::Guard;
use serde_json::{json, Value};
use std::fs;
use std::path::Path;

/// (output value, output text, receipt)
fn run_case(case: &Value) -> (Value, Option<String>, Value) {
    let key = case
        .get("key")
        .and_then(Value::as_str)
        .map(|k| k.as_bytes().to_vec());
    let mut guard = match (case.get("policy"), case.get("preset")) {
        (Some(policy), None) => Guard::new(&policy.to_string(), key),
        (None, Some(Value::String(preset))) => Guard::with_preset(preset, key),
        _ => panic!("a case needs exactly one of policy or preset"),
    }
    .expect("policy loads");
    guard
        .set_consent_json(&case["consent"].to_string())
        .expect("consent is valid");
    let input = match (case.get("input"), case.get("input_text")) {
        (Some(v), None) => v.to_string(),
        (None, Some(Value::String(t))) => t.clone(),
        _ => panic!("a case needs exactly one of input or input_text"),
    };
    let outcome = guard.redact(&input);
    let output = match &outcome.output {
        Some(text) => serde_json::from_str(text).expect("output is JSON"),
        None => Value::Null,
    };
    let receipt = serde_json::from_str(&outcome.receipt.to_json()).expect("receipt is JSON");
    (output, outcome.output, receipt)
}

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 20, "golden cases went missing");
    let mut failures = Vec::new();
    for path in names {
        let text = fs::read_to_string(&path).unwrap();
        let mut case: Value = serde_json::from_str(&text).unwrap();
        let (output, output_text, receipt) = run_case(&case);
        // Raw-text cases also pin the exact text: a JSON value would hide duplicate keys.
        let raw = case.get("input_text").is_some();
        if update {
            case["output"] = output;
            if raw {
                case["output_text"] = json!(output_text);
            }
            case["receipt"] = receipt;
            fs::write(&path, serde_json::to_string_pretty(&case).unwrap() + "\n").unwrap();
            continue;
        }
        let mut want =
            json!({"output": case.get("output").cloned(), "receipt": case.get("receipt").cloned()});
        let mut got = json!({"output": Some(output), "receipt": Some(receipt)});
        if raw {
            want["output_text"] = case.get("output_text").cloned().unwrap_or(Value::Null);
            got["output_text"] = json!(output_text);
        }
        if want != got {
            failures.push(format!(
                "{}:\n  want {}\n  got  {}",
                path.file_name().unwrap().to_string_lossy(),
                want,
                got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
