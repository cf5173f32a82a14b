//! Consent signals fail safe: one table of the seams where a malformed, odd or cleverly written
//! signal used to grant (or to lose a denial), each pinned to what it decides now.

use consent_guard::consent::signals::{evaluate_json, Mapping};
use consent_guard::consent::Purposes;
use serde_json::Value;

fn eval(input: &str) -> Value {
    let out = evaluate_json(&Purposes::default(), &Mapping::default(), input)
        .unwrap_or_else(|e| panic!("{input}: {e}"));
    serde_json::from_str(&out).unwrap()
}

/// `case!(input, [purpose => decision, ...], errors: [source, ...])`
macro_rules! case {
    ($input:expr, [$($p:literal => $d:literal),* $(,)?], errors: [$($e:literal),* $(,)?]) => {{
        let v = eval($input);
        $(assert_eq!(v["consent"][$p], $d, "{}: {} in {}", $input, $p, v);)*
        let mut with_errors: Vec<&str> = v["sources"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, s)| s.get("error").is_some())
            .map(|(n, _)| n.as_str())
            .collect();
        with_errors.sort_unstable();
        let mut want: Vec<&str> = vec![$($e),*];
        want.sort_unstable();
        assert_eq!(with_errors, want, "{}: sources with errors in {}", $input, v);
        v
    }};
}

#[test]
fn consent_mode_regions() {
    // Deny in the EEA, grant elsewhere: the denial holds everywhere.
    case!(r#"{"consentMode":[["consent","default",{"ad_storage":"denied","region":["ES","DE"]}],
                             ["consent","default",{"ad_storage":"granted","ad_user_data":"granted","ad_personalization":"granted"}]]}"#,
          ["marketing" => "denied"], errors: []);
    // A region-scoped grant decides nothing, even alone.
    case!(r#"{"consentMode":[["consent","default",{"analytics_storage":"granted","region":["US"]}]]}"#,
          ["analytics" => "unknown"], errors: []);
    // A region-scoped update can withdraw, not grant.
    case!(r#"{"consentMode":[["consent","update",{"analytics_storage":"granted"}],
                             ["consent","update",{"analytics_storage":"denied","region":["FR"]}],
                             ["consent","update",{"analytics_storage":"granted","region":["FR"]}]]}"#,
          ["analytics" => "denied"], errors: []);
    // A malformed region still scopes the grant, and is reported.
    case!(r#"{"consentMode":[["consent","default",{"analytics_storage":"granted","region":7}]]}"#,
          ["analytics" => "unknown"], errors: ["consent_mode"]);
    // wait_for_update decides nothing.
    case!(r#"{"consentMode":[["consent","default",{"analytics_storage":"denied","wait_for_update":500}]]}"#,
          ["analytics" => "denied"], errors: []);
}

#[test]
fn consent_mode_order() {
    // An update wins over a default pushed after it; conflicting defaults deny.
    case!(r#"{"consentMode":[["consent","update",{"analytics_storage":"denied"}],["consent","default",{"analytics_storage":"granted"}]]}"#,
          ["analytics" => "denied"], errors: []);
    case!(r#"{"consentMode":[["consent","default",{"analytics_storage":"denied"}],["consent","default",{"analytics_storage":"granted"}]]}"#,
          ["analytics" => "denied"], errors: []);
}

#[test]
fn one_malformed_entry_keeps_the_sources_denials_and_drops_its_grants() {
    // The fail-open seam: a bad command used to void the whole source, so the app's grant won.
    case!(r#"{"consentMode":[["consent","default",{"ad_storage":"denied"}],["consent","update",{"analytics_storage":"granted"}],["consent","update",{"functionality_storage":"yes"}]],
              "app":{"marketing":true,"analytics":true}}"#,
          ["marketing" => "denied", "analytics" => "unknown", "functional" => "unknown"], errors: ["consent_mode"]);
    // GPP: a corrupt usnat section blocks what it governs; its sibling usca still reads.
    case!(r#"{"gpp":"DBABrw~CU~BQgAAABA.QA","app":{"sale_sharing":true,"analytics":true}}"#,
          ["sale_sharing" => "unknown", "analytics" => "granted"], errors: ["gpp"]);
    // TCF: a corrupt optional segment keeps the core's denials (no purpose 9: analytics denied).
    case!(r#"{"tcf":"CQuIxQAQuIxQAAKADCENCWFoAMNAAECAAIYgD5wA4AAgAEASwA-YADAwAQkAGAA4AEAA.zzzz","app":{"ai_training":true}}"#,
          ["analytics" => "denied", "ai_training" => "unknown"], errors: ["tcf"]);
    // USP: a bad notice character does not hide the opt-out.
    case!(r#"{"usp":"1XYN"}"#, ["sale_sharing" => "denied", "marketing" => "denied"], errors: ["usp"]);
    // app: one bad value, the other denials stand, no grant.
    case!(r#"{"app":{"analytics":true,"marketing":false,"personalization":"sure"}}"#,
          ["analytics" => "unknown", "marketing" => "denied", "personalization" => "unknown"], errors: ["app"]);
}

#[test]
fn strings_and_odd_types() {
    for on in [
        r#""true""#,
        r#""1""#,
        "1",
        r#""yes""#,
        r#""YES ""#,
        r#""maybe""#,
        "2",
        "[]",
        "{}",
    ] {
        let input =
            format!(r#"{{"gpc":{on},"dnt":{on},"app":{{"marketing":true,"analytics":true}}}}"#);
        let v = eval(&input);
        assert_eq!(v["consent"]["marketing"], "denied", "{input}");
        assert_eq!(v["consent"]["sale_sharing"], "denied", "{input}");
        assert_eq!(
            v["consent"]["analytics"], "granted",
            "{input}: GPC does not govern analytics"
        );
    }
    for off in [
        "false",
        "0",
        r#""0""#,
        r#""false""#,
        r#""no""#,
        r#""unspecified""#,
        r#""""#,
        "null",
    ] {
        let input = format!(r#"{{"gpc":{off},"dnt":{off},"app":{{"marketing":true}}}}"#);
        assert_eq!(eval(&input)["consent"]["marketing"], "granted", "{input}");
    }
    // A mistyped source is its own error; the others still decide.
    case!(r#"{"gpc":1,"tcf":false,"usp":5,"app":{"functional":true,"analytics":true}}"#,
          ["functional" => "granted", "analytics" => "unknown", "marketing" => "denied"], errors: ["tcf", "usp"]);
    // A CMP failure is passed as {"error": …} and blocks what the source governs.
    let v = case!(r#"{"tcf":{"error":"the CMP reported success=false"},"app":{"analytics":true}}"#,
          ["analytics" => "unknown"], errors: ["tcf"]);
    assert_eq!(
        v["sources"]["tcf"]["error"]["message"],
        "tcf: the CMP reported success=false"
    );
    // A signal given twice reads as JSON.parse reads it: the last one.
    case!(r#"{"app":{"analytics":false},"app":{"analytics":true}}"#, ["analytics" => "granted"], errors: []);
}

#[test]
fn precedence_orders_keep_the_blocks() {
    let base = r#""consentMode":[["consent","update",{"analytics_storage":"granted!"}]],"app":{"analytics":true}"#;
    case!(&format!(r#"{{{base},"precedence":["consent_mode","app"]}}"#), ["analytics" => "unknown"], errors: ["consent_mode"]);
    case!(&format!(r#"{{{base},"precedence":["app","consent_mode"]}}"#), ["analytics" => "granted"], errors: ["consent_mode"]);
    // The caller's own mistakes still refuse the whole input.
    for bad in [
        r#"{"tfc":"x"}"#,
        r#"{"precedence":["nope"]}"#,
        r#"{"precedence":"app"}"#,
        "[]",
    ] {
        assert!(
            evaluate_json(&Purposes::default(), &Mapping::default(), bad).is_err(),
            "{bad}"
        );
    }
}
