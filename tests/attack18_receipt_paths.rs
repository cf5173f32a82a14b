//! Red team 18 findings (fixed; these tests keep them fixed): Full receipts (explain, onReceipt, hold) that hold what the output
//! took out of a key.
//!
//! Receipt paths are printed from keys and scanned by `receipt::safe_path`, which replaces what
//! the built-in detectors find and strips the query of a segment holding `://`. The walk itself
//! records changes at the key as it was REWRITTEN (scan, `scan.urls`, user patterns, a `keys`
//! rule), so those paths are safe. Three places print the ORIGINAL key instead:
//!
//! 1. `@json duplicate_key` notes: `Engine::parse` prints the paths `json::duplicate_paths`
//!    found in the raw text. A repeated key is then in the receipt as the page wrote it:
//!    - `/checkout?token=SECRET` (a URL without a scheme: posthog's `scan.urls` rewrites the
//!      key to `/checkout` in the output, `safe_path` only strips queries after `://`);
//!    - `ORD-123456` (a policy pattern: the output has `[order]`, `safe_path` runs no policy
//!      pattern);
//!    - a key a `keys: hash` rule hashed in the output.
//! 2. A `keys: drop` rule records its drop at the original key (`rewrite_key` re-points the
//!    changes to the new key only when there is one): the output has no key, the receipt has it.
//! 3. Any drop of a member whose key was not rewritten (an allowlist's `@unlisted`, a rule's
//!    `drop` on `properties.*`, in a policy that does not scan keys) prints the key as is, and
//!    `safe_path` strips a query only inside a quoted segment holding `://`: the scheme-less
//!    `/checkout?token=SECRET` (printed unquoted) keeps its token in the receipt, while
//!    `https://a.example/p?token=S` is stripped.
//!
//! Class: receipt holds a value (Full detail only; Counts receipts print no path). Pre-existing,
//! not introduced by the hot-path work. Suggested fix: print a repeated key's note at the key
//! as the walk rewrites it (or as `[key]` when the key would be rewritten), run the policy's
//! patterns and `scan.urls` in `safe_path`, and record a `keys: drop` at the parent path (or
//! with the key as `[key]`).

use consent_guard::engine::ReceiptDetail;
use consent_guard::Guard;

const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

fn run(policy: &str, text: &str) -> (String, String) {
    let mut g = if policy.starts_with('{') {
        Guard::new(policy, Some(KEY.to_vec()))
    } else {
        Guard::with_preset(policy, Some(KEY.to_vec()))
    }
    .unwrap();
    g.set_consent_json(r#"{"analytics":true}"#).unwrap();
    let o = g.redact_with(text, None, ReceiptDetail::Full);
    (o.output.unwrap_or_default(), o.receipt.to_json())
}

#[test]
fn control_a_url_key_once_is_recorded_at_its_rewritten_path() {
    let (out, receipt) = run(
        "posthog",
        r#"{"event":"x","properties":{"/checkout?token=SECRET":1}}"#,
    );
    assert!(!out.contains("SECRET"), "{out}");
    assert!(!receipt.contains("SECRET"), "{receipt}");
}

#[test]
fn a_repeated_url_key_does_not_put_its_query_in_the_receipt() {
    let text =
        r#"{"event":"x","properties":{"/checkout?token=SECRET":1,"/checkout?token=SECRET":2}}"#;
    let (out, receipt) = run("posthog", text);
    assert!(!out.contains("SECRET"), "the output is clean: {out}");
    assert!(
        !receipt.contains("SECRET"),
        "the receipt holds the token: {receipt}"
    );
}

#[test]
fn a_repeated_key_a_policy_pattern_matches_is_not_in_the_receipt() {
    let policy =
        r#"{"version":1,"extends":"scan-all","patterns":[{"id":"order","regex":"ORD-[0-9]{6}"}]}"#;
    let text = r#"{"event":"x","ORD-123456":1,"ORD-123456":2}"#;
    let (out, receipt) = run(policy, text);
    assert!(!out.contains("ORD-123456"), "the output is clean: {out}");
    assert!(
        !receipt.contains("ORD-123456"),
        "the receipt holds the match: {receipt}"
    );
}

#[test]
fn a_repeated_key_a_keys_rule_hashes_is_not_in_the_receipt() {
    let policy = r#"{"version":1,"rules":[{"id":"ids","select":"properties.by_user","keys":{"type":"hash"}}]}"#;
    let text = r#"{"event":"x","properties":{"by_user":{"u_8f3k2j":1,"u_8f3k2j":2}}}"#;
    let (out, receipt) = run(policy, text);
    assert!(!out.contains("u_8f3k2j"), "the output is hashed: {out}");
    assert!(
        !receipt.contains("u_8f3k2j"),
        "the receipt holds the key: {receipt}"
    );
}

#[test]
fn a_key_a_keys_rule_drops_is_not_in_the_receipt() {
    let policy = r#"{"version":1,"rules":[{"id":"ids","select":"properties.by_user","keys":{"type":"drop"}}]}"#;
    let text = r#"{"event":"x","properties":{"by_user":{"u_8f3k2j":1}}}"#;
    let (out, receipt) = run(policy, text);
    assert!(!out.contains("u_8f3k2j"), "the output dropped it: {out}");
    assert!(
        !receipt.contains("u_8f3k2j"),
        "the receipt holds the key: {receipt}"
    );
}

#[test]
fn a_dropped_scheme_less_url_key_does_not_put_its_query_in_the_receipt() {
    let allowlist = r#"{"version":1,"unlisted":"drop","rules":[{"id":"e","select":"event"}]}"#;
    let text = r#"{"event":"x","/checkout?token=SECRET":1,"https://a.example/p?token=OTHER":1}"#;
    let (out, receipt) = run(allowlist, text);
    assert_eq!(out, r#"{"event":"x"}"#);
    assert!(
        !receipt.contains("OTHER"),
        "control, stripped after ://: {receipt}"
    );
    assert!(
        !receipt.contains("SECRET"),
        "the receipt holds the token: {receipt}"
    );
}
