//! Property tests with shrinking over the consent-signal decoders (TCF, GPP, USP, Consent Mode)
//! and `evaluate_json`. Invariants: no panic; every malformed input reports an error and never
//! grants; a string that decodes re-encodes to the same (TCF, USP, Consent Mode) or decodes the
//! same twice (GPP); adding a denial to any source never turns a denied purpose into granted,
//! nor grants anything new, under the default combination and under any precedence order.
//!
//! Knobs: `SIGNALS_FUZZ_SEED` (u64, default fixed so CI is repeatable) and `SIGNALS_FUZZ_CASES`
//! (default 256 per property). A failure is shrunk, written to `tests/fuzz/crashers/signals/`
//! as a fixture, and printed as a reproducer; `crashers_replay` runs every fixture there.

use consent_guard::consent::signals::{consent_mode, evaluate_json, gpp, tcf, usp, Mapping};
use consent_guard::consent::Purposes;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use serde_json::{json, Value};
use std::path::PathBuf;

const CRASHERS: &str = "tests/fuzz/crashers/signals";
const PURPOSES: [&str; 6] = [
    "functional",
    "analytics",
    "marketing",
    "personalization",
    "ai_training",
    "sale_sharing",
];
const SOURCES: [&str; 7] = ["app", "tcf", "gpp", "usp", "gpc", "dnt", "consent_mode"];

// ---------------------------------------------------------------------------------------------
// The runner: seed and case knobs, shrinking, a fixture for every minimal failure.

fn runner() -> TestRunner {
    let seed = std::env::var("SIGNALS_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261130);
    let cases = std::env::var("SIGNALS_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    TestRunner::new(Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Runs `check` over `strategy`; a failure is shrunk, saved as `{kind}-{n}.txt` and reported.
fn fuzz<S>(kind: &str, strategy: S, check: fn(&str) -> Result<(), String>)
where
    S: Strategy<Value = String>,
{
    let result = runner().run(&strategy, |input| {
        let outcome = std::panic::catch_unwind(|| check(&input));
        match outcome {
            Ok(Ok(())) => Ok(()),
            Ok(Err(why)) => Err(TestCaseError::fail(why)),
            Err(_) => Err(TestCaseError::fail("panicked")),
        }
    });
    if let Err(TestError::Fail(why, input)) = result {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CRASHERS);
        let _ = std::fs::create_dir_all(&dir);
        let n = std::fs::read_dir(&dir).map_or(0, |d| d.count());
        let path = dir.join(format!("{kind}-{n}.txt"));
        let _ = std::fs::write(&path, &input);
        panic!(
            "{kind}: {why}\nreproducer (saved to {}):\n{input:?}",
            path.display()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Shared checks.

fn evaluate(input: &str) -> Result<Value, String> {
    let out = evaluate_json(&Purposes::default(), &Mapping::default(), input)?;
    serde_json::from_str(&out).map_err(|e| format!("output is not JSON: {e}: {out}"))
}

/// A source with an error grants nothing, and nothing it governs comes out granted unless
/// another source without an error granted it.
fn errors_never_grant(v: &Value) -> Result<(), String> {
    let sources = v["sources"].as_object().ok_or("no sources")?;
    for (name, s) in sources {
        if s.get("error").is_some() {
            let decisions = s["decisions"].as_object().ok_or("no decisions")?;
            if decisions.values().any(|d| d == "granted") {
                return Err(format!("source {name} has an error and grants: {s}"));
            }
        }
    }
    for p in PURPOSES {
        if v["consent"][p] == "granted" {
            let granted_by_clean = sources
                .values()
                .any(|s| s.get("error").is_none() && s["decisions"][p] == "granted");
            if !granted_by_clean {
                return Err(format!("{p} granted by no error-free source: {v}"));
            }
        }
    }
    Ok(())
}

fn rank(d: &Value) -> u8 {
    match d.as_str() {
        Some("granted") => 0,
        Some("unknown") => 1,
        Some("denied") => 2,
        _ => 9,
    }
}

/// `after` is at least as restrictive as `before` for every purpose.
fn monotone(before: &Value, after: &Value, what: &str) -> Result<(), String> {
    for p in PURPOSES {
        let (b, a) = (&before["consent"][p], &after["consent"][p]);
        if rank(a) < rank(b) {
            return Err(format!(
                "{what}: {p} went from {b} to {a}\nbefore: {before}\nafter: {after}"
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// A TC string encoder (test side): the re-encoding half of the round trip.

struct BitWriter(Vec<bool>);

impl BitWriter {
    fn put(&mut self, v: u64, n: usize) {
        for i in (0..n).rev() {
            self.0.push(v >> i & 1 == 1);
        }
    }
    fn flags(&mut self, ids: &[u16], n: usize) {
        for id in 1..=n {
            self.0.push(ids.contains(&(id as u16)));
        }
    }
    fn letters(&mut self, s: &str) {
        for c in s.bytes() {
            self.put(u64::from(c - b'A'), 6);
        }
    }
    /// A vendor section, as a bitfield or as ranges, whichever is shorter (as IAB encoders do).
    fn bitfield(&mut self, ids: &[u16]) {
        let max = ids.iter().copied().max().unwrap_or(0);
        self.put(u64::from(max), 16);
        let runs = runs(ids);
        let range_bits = 12
            + runs
                .iter()
                .map(|(a, b)| if a == b { 17 } else { 33 })
                .sum::<usize>();
        if range_bits < max as usize && runs.len() < 4096 {
            self.put(1, 1);
            self.put(runs.len() as u64, 12);
            for (a, b) in runs {
                self.put(u64::from(a != b), 1);
                self.put(u64::from(a), 16);
                if a != b {
                    self.put(u64::from(b), 16);
                }
            }
        } else {
            self.put(0, 1);
            self.flags(ids, max as usize);
        }
    }
    fn ranges(&mut self, ids: &[u16]) {
        let runs = runs(ids);
        self.put(runs.len() as u64, 12);
        for (a, b) in runs {
            self.put(u64::from(a != b), 1);
            self.put(u64::from(a), 16);
            if a != b {
                self.put(u64::from(b), 16);
            }
        }
    }
    fn finish(self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        self.0
            .chunks(6)
            .map(|c| {
                let v = (0..6).fold(0, |acc, i| {
                    acc << 1 | usize::from(*c.get(i).unwrap_or(&false))
                });
                ALPHABET[v] as char
            })
            .collect()
    }
}

/// Sorted ids as runs of consecutive ids.
fn runs(ids: &[u16]) -> Vec<(u16, u16)> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<(u16, u16)> = Vec::new();
    for id in sorted {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == id => *end = id,
            _ => out.push((id, id)),
        }
    }
    out
}

fn encode_tc(tc: &tcf::TcString) -> String {
    let mut w = BitWriter(Vec::new());
    w.put(u64::from(tc.version), 6);
    w.put(tc.created / 100, 36);
    w.put(tc.last_updated / 100, 36);
    w.put(u64::from(tc.cmp_id), 12);
    w.put(u64::from(tc.cmp_version), 12);
    w.put(u64::from(tc.consent_screen), 6);
    w.letters(&tc.consent_language);
    w.put(u64::from(tc.vendor_list_version), 12);
    w.put(u64::from(tc.policy_version), 6);
    w.put(u64::from(tc.is_service_specific), 1);
    w.put(u64::from(tc.use_non_standard_texts), 1);
    w.flags(&tc.special_feature_optins, 12);
    w.flags(&tc.purpose_consents, 24);
    w.flags(&tc.purpose_legitimate_interests, 24);
    w.put(u64::from(tc.purpose_one_treatment), 1);
    w.letters(&tc.publisher_country_code);
    w.bitfield(&tc.vendor_consents.ids().collect::<Vec<_>>());
    w.bitfield(&tc.vendor_legitimate_interests.ids().collect::<Vec<_>>());
    w.put(tc.publisher_restrictions.len() as u64, 12);
    for r in &tc.publisher_restrictions {
        w.put(u64::from(r.purpose), 6);
        w.put(u64::from(r.restriction_type), 2);
        w.ranges(&r.vendors.ids().collect::<Vec<_>>());
    }
    let mut out = w.finish();
    if let Some(d) = &tc.disclosed_vendors {
        let mut s = BitWriter(Vec::new());
        s.put(1, 3);
        s.bitfield(&d.ids().collect::<Vec<_>>());
        out = format!("{out}.{}", s.finish());
    }
    if let Some(p) = &tc.publisher_tc {
        let mut s = BitWriter(Vec::new());
        s.put(3, 3);
        s.flags(&p.purpose_consents, 24);
        s.flags(&p.purpose_legitimate_interests, 24);
        s.put(u64::from(p.num_custom_purposes), 6);
        s.flags(&p.custom_purpose_consents, p.num_custom_purposes as usize);
        s.flags(
            &p.custom_purpose_legitimate_interests,
            p.num_custom_purposes as usize,
        );
        out = format!("{out}.{}", s.finish());
    }
    out
}

/// The fields of a TC string, vendor sets as id lists (their storage may differ in length).
fn tc_view(tc: &tcf::TcString) -> String {
    format!(
        "{:?}",
        (
            (
                tc.version,
                tc.created,
                tc.last_updated,
                tc.cmp_id,
                tc.cmp_version
            ),
            (
                tc.consent_screen,
                &tc.consent_language,
                tc.vendor_list_version,
                tc.policy_version
            ),
            (
                tc.is_service_specific,
                tc.use_non_standard_texts,
                tc.purpose_one_treatment
            ),
            (
                &tc.special_feature_optins,
                &tc.purpose_consents,
                &tc.purpose_legitimate_interests
            ),
            &tc.publisher_country_code,
            tc.vendor_consents.ids().collect::<Vec<_>>(),
            tc.vendor_legitimate_interests.ids().collect::<Vec<_>>(),
            tc.publisher_restrictions
                .iter()
                .map(|r| (
                    r.purpose,
                    r.restriction_type,
                    r.vendors.ids().collect::<Vec<_>>()
                ))
                .collect::<Vec<_>>(),
            tc.disclosed_vendors
                .as_ref()
                .map(|d| d.ids().collect::<Vec<_>>()),
            &tc.publisher_tc,
        )
    )
}

/// A TC model as the strategy draws it: purposes consented, vendors, optional segments.
#[derive(Debug, Clone)]
struct TcModel {
    purposes: Vec<u16>,
    vendors: Vec<u16>,
    restricted: Vec<u16>,
    disclosed: Option<Vec<u16>>,
}

fn tc_from(m: &TcModel) -> tcf::TcString {
    tcf::TcString {
        version: 2,
        created: 17_953_920_000 * 100,
        last_updated: 17_953_920_000 * 100,
        cmp_id: 42,
        cmp_version: 3,
        consent_language: "EN".into(),
        publisher_country_code: "DE".into(),
        policy_version: 5,
        purpose_consents: m.purposes.clone(),
        vendor_consents: vendor_set(&m.vendors),
        publisher_restrictions: if m.restricted.is_empty() {
            Vec::new()
        } else {
            vec![tcf::PublisherRestriction {
                purpose: 2,
                restriction_type: 1,
                vendors: vendor_set(&m.restricted),
            }]
        },
        disclosed_vendors: m.disclosed.as_deref().map(vendor_set),
        ..tcf::TcString::default()
    }
}

/// A vendor set holding `ids`, made the only way the public API allows: by decoding.
fn vendor_set(ids: &[u16]) -> tcf::VendorSet {
    let tc = tcf::TcString {
        version: 2,
        consent_language: "EN".into(),
        publisher_country_code: "EN".into(),
        ..tcf::TcString::default()
    };
    let mut w = BitWriter(Vec::new());
    w.put(1, 3);
    w.bitfield(ids);
    let text = format!("{}.{}", encode_tc(&tc), w.finish());
    tcf::decode(&text)
        .expect("a disclosed-vendors segment decodes")
        .disclosed_vendors
        .expect("present")
}

fn tc_model() -> impl Strategy<Value = TcModel> {
    let ids = |max: u16| {
        proptest::collection::btree_set(1..=max, 0..12)
            .prop_map(|s| s.into_iter().collect::<Vec<_>>())
    };
    (
        proptest::collection::btree_set(1u16..=24, 0..24),
        ids(600),
        ids(80),
        proptest::option::of(ids(300)),
    )
        .prop_map(|(p, vendors, restricted, disclosed)| TcModel {
            purposes: p.into_iter().collect(),
            vendors,
            restricted,
            disclosed,
        })
}

// ---------------------------------------------------------------------------------------------
// Input strategies: free text over each format's alphabet, and mutations of valid strings.

const TC_REFERENCE: &str =
    "CQuIxQAQuIxQAAKADCENCWFoAMNAAECAAIYgD5wA4AAgAEASwA-YADAwAQkAGAA4AEAA.IABu.dAAACAAAAUgA";
const GPP_REFERENCE: &str = "DBABrw~CUAQAAAAAACA.QA~BQgAAABA.QA";

/// `base` with up to 4 edits: a character replaced from `alphabet`, inserted, deleted, or a cut.
fn mutated(base: &'static str, alphabet: &'static str) -> impl Strategy<Value = String> {
    let chars: Vec<char> = alphabet.chars().collect();
    let edit = (
        0usize..4,
        any::<prop::sample::Index>(),
        prop::sample::select(chars),
    );
    proptest::collection::vec(edit, 0..5).prop_map(move |edits| {
        let mut s: Vec<char> = base.chars().collect();
        for (kind, at, c) in edits {
            if s.is_empty() {
                s.push(c);
                continue;
            }
            let i = at.index(s.len());
            match kind {
                0 => s[i] = c,
                1 => s.insert(i, c),
                2 => {
                    s.remove(i);
                }
                _ => s.truncate(i),
            }
        }
        s.into_iter().collect()
    })
}

const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn tcf_input() -> impl Strategy<Value = String> {
    prop_oneof![
        mutated(TC_REFERENCE, "AQgw_-9.Z!"),
        "[A-Za-z0-9_.-]{0,120}",
        tc_model().prop_map(|m| encode_tc(&tc_from(&m))),
        (tc_model(), mutated("", B64))
            .prop_map(|(m, tail)| format!("{}{tail}", encode_tc(&tc_from(&m)))),
    ]
}

fn gpp_input() -> impl Strategy<Value = String> {
    prop_oneof![
        mutated(GPP_REFERENCE, "ABQgw_-~.!"),
        "[A-Za-z0-9_.~-]{0,80}",
        (mutated("DBABrw", "ABMgw"), tcf_input()).prop_map(|(h, t)| format!("{h}~{t}")),
    ]
}

// ---------------------------------------------------------------------------------------------
// Per-decoder checks (also used by the crasher replay).

fn check_tcf(text: &str) -> Result<(), String> {
    if tcf::decode_partial(text) != tcf::decode_partial(text) {
        return Err("decodes differently twice".into());
    }
    let v = evaluate(&json!({ "tcf": text }).to_string())?;
    errors_never_grant(&v)?;
    match tcf::decode(text) {
        Ok(tc) => {
            if v["sources"]["tcf"].get("error").is_some() {
                return Err("decodes, yet the source reports an error".into());
            }
            let again = encode_tc(&tc);
            let tc2 =
                tcf::decode(&again).map_err(|e| format!("re-encoded {again:?} fails: {e}"))?;
            if tc_view(&tc) != tc_view(&tc2) {
                return Err(format!("re-encoded as {again:?}, decodes differently"));
            }
        }
        Err(_) => {
            if v["sources"]["tcf"].get("error").is_none() {
                return Err(format!("malformed but no error reported: {v}"));
            }
        }
    }
    Ok(())
}

fn check_gpp(text: &str) -> Result<(), String> {
    let first = gpp::decode_partial(text);
    if first != gpp::decode_partial(text) {
        return Err("decodes differently twice".into());
    }
    let v = evaluate(&json!({ "gpp": text }).to_string())?;
    errors_never_grant(&v)?;
    match gpp::decode(text) {
        Ok(g) => {
            if g.to_json() != gpp::decode(text).map(|g| g.to_json()).unwrap_or_default() {
                return Err("detail differs between two decodes".into());
            }
            serde_json::from_str::<Value>(&g.to_json()).map_err(|e| format!("detail JSON: {e}"))?;
        }
        Err(_) => {
            if v["sources"]["gpp"].get("error").is_none() {
                return Err(format!("malformed but no error reported: {v}"));
            }
        }
    }
    Ok(())
}

fn check_usp(text: &str) -> Result<(), String> {
    let v = evaluate(&json!({ "usp": text }).to_string())?;
    errors_never_grant(&v)?;
    match usp::decode(text) {
        Ok(u) => {
            let flag = |f: Option<bool>| match f {
                Some(true) => 'Y',
                Some(false) => 'N',
                None => '-',
            };
            let again = format!(
                "1{}{}{}",
                flag(u.notice),
                flag(u.opted_out_of_sale),
                flag(u.lspa_covered)
            );
            if usp::decode(&again) != Ok(u) {
                return Err(format!("re-encoded as {again:?}, decodes differently"));
            }
        }
        Err(_) if v["sources"]["usp"].get("error").is_none() => {
            return Err(format!("malformed but no error reported: {v}"))
        }
        Err(_) => {}
    }
    Ok(())
}

/// `text` is a dataLayer as JSON.
fn check_consent_mode(text: &str) -> Result<(), String> {
    let Ok(dl) = serde_json::from_str::<Value>(text) else {
        return Ok(()); // not a dataLayer: nothing to check (the replay may hold such text)
    };
    let parsed = consent_guard::json::parse(text, 16).map_err(|e| e.to_string())?;
    let m = consent_mode::decode(&parsed);
    let v = evaluate(&json!({ "consentMode": dl }).to_string())?;
    errors_never_grant(&v)?;
    if m.error.is_some() != v["sources"]["consent_mode"].get("error").is_some() {
        return Err("the decoder's error and the source's disagree".into());
    }
    // Re-encoded as one global default per state, it decodes to the same states.
    let settings: serde_json::Map<String, Value> = consent_mode::TYPES
        .iter()
        .zip(m.states)
        .filter_map(|(t, s)| {
            s.map(|g| ((*t).to_owned(), json!(if g { "granted" } else { "denied" })))
        })
        .collect();
    let again = json!([["consent", "default", settings]]).to_string();
    let m2 =
        consent_mode::decode(&consent_guard::json::parse(&again, 8).map_err(|e| e.to_string())?);
    if m2.states != m.states {
        return Err(format!("re-encoded as {again}, decodes to {:?}", m2.states));
    }
    // Appending a denial of any type never loosens anything.
    for t in consent_mode::TYPES {
        let mut more = dl.as_array().cloned().unwrap_or_default();
        more.push(json!(["consent", "update", { t: "denied" }]));
        if dl.is_array() {
            let after = evaluate(&json!({ "consentMode": more }).to_string())?;
            monotone(&v, &after, &format!("appending a {t} denial"))?;
        }
    }
    Ok(())
}

/// `text` is a whole signals object as JSON, optionally with `"_deny": [source, detail]`
/// naming the denial to add for the monotonicity check.
fn check_signals(text: &str) -> Result<(), String> {
    let Ok(mut input) = serde_json::from_str::<Value>(text) else {
        return Ok(());
    };
    let deny = input.as_object_mut().and_then(|o| o.remove("_deny"));
    let v = evaluate(&input.to_string())?;
    errors_never_grant(&v)?;
    let Some(deny) = deny else { return Ok(()) };
    let mut after = input.clone();
    add_denial(&mut after, &deny);
    let orders: Vec<Option<Vec<&str>>> = vec![
        None,
        Some(SOURCES.to_vec()),
        Some(SOURCES.iter().rev().copied().collect()),
        Some(vec!["app", "consent_mode"]),
    ];
    for order in orders {
        let with = |mut x: Value| {
            if let Some(o) = &order {
                x["precedence"] = json!(o);
            }
            x
        };
        let b = evaluate(&with(input.clone()).to_string())?;
        let a = evaluate(&with(after.clone()).to_string())?;
        monotone(
            &b,
            &a,
            &format!("adding the denial {deny} under order {order:?}"),
        )?;
    }
    Ok(())
}

fn add_denial(signals: &mut Value, deny: &Value) {
    let kind = deny[0].as_str().unwrap_or("");
    let detail = &deny[1];
    match kind {
        "gpc" | "dnt" => signals[kind] = json!(true),
        "usp" => signals["usp"] = json!("1YYN"),
        "app" => {
            let p = detail.as_str().unwrap_or("analytics");
            if signals["app"].is_null() {
                signals["app"] = json!({});
            }
            if !signals["app"].is_object() {
                return; // a malformed app object stays malformed
            }
            let current = &signals["app"][p];
            // Only a valid (or absent) entry becomes a denial: fixing a malformed one is not
            // "adding a denial", it removes an error.
            if current.is_null()
                || current.is_boolean()
                || current == "granted"
                || current == "denied"
            {
                signals["app"][p] = json!(false);
            }
        }
        "consent_mode" => {
            let t = detail.as_str().unwrap_or("analytics_storage");
            let mut dl = signals["consentMode"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if signals["consentMode"].is_array() || signals["consentMode"].is_null() {
                dl.push(json!(["consent", "update", { t: "denied" }]));
                signals["consentMode"] = json!(dl);
            }
        }
        "tcf" => {
            // Clear one purpose consent bit of a model-encoded string.
            if let (Some(text), Some(id)) = (signals["tcf"].as_str(), detail.as_u64()) {
                if let Ok(mut tc) = tcf::decode(text) {
                    tc.purpose_consents.retain(|p| u64::from(*p) != id);
                    signals["tcf"] = json!(encode_tc(&tc));
                }
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies for whole signal objects.

fn cm_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => Just(json!("granted")),
        4 => Just(json!("denied")),
        1 => Just(json!("maybe")),
        1 => Just(json!(1)),
        1 => Just(Value::Null),
    ]
}

fn cm_entry() -> impl Strategy<Value = Value> {
    let types = prop::sample::subsequence(consent_mode::TYPES.to_vec(), 0..4);
    let settings = (types, proptest::collection::vec(cm_value(), 4), 0usize..6)
        .prop_map(|(ts, vals, region)| {
            let mut o = serde_json::Map::new();
            for (t, v) in ts.iter().zip(vals) {
                o.insert((*t).to_owned(), v);
            }
            match region {
                1 => drop(o.insert("region".into(), json!(["ES", "DE"]))),
                2 => drop(o.insert("region".into(), json!([]))),
                3 => drop(o.insert("region".into(), json!("EEA"))),
                4 => drop(o.insert("wait_for_update".into(), json!(500))),
                _ => {}
            }
            Value::Object(o)
        })
        .boxed();
    prop_oneof![
        6 => (prop::sample::select(vec!["default", "update"]), settings.clone())
            .prop_map(|(c, s)| json!(["consent", c, s])),
        1 => settings.clone().prop_map(|s| json!({"0": "consent", "1": "update", "2": s})),
        1 => Just(json!(["consent", "update"])),
        1 => Just(json!(["consent", "revoke", {}])),
        1 => Just(json!({"event": "gtm.js"})),
        1 => Just(json!(["config", "G-1"])),
    ]
}

fn data_layer() -> impl Strategy<Value = String> {
    proptest::collection::vec(cm_entry(), 0..8).prop_map(|v| Value::Array(v).to_string())
}

fn flag() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(true)),
        Just(json!(false)),
        Just(json!("1")),
        Just(json!("0")),
        Just(json!("unspecified")),
        Just(json!("maybe")),
        Just(json!(1)),
        Just(json!([])),
    ]
}

fn app() -> impl Strategy<Value = Value> {
    let value = prop_oneof![
        4 => Just(json!(true)),
        4 => Just(json!(false)),
        2 => Just(json!("granted")),
        1 => Just(json!("unknown")),
        1 => Just(json!("yes")),
        1 => Just(json!(3)),
    ];
    prop_oneof![
        8 => proptest::collection::btree_map(prop::sample::select(PURPOSES.to_vec()), value, 0..5)
            .prop_map(|m| json!(m)),
        1 => Just(json!({"analytcs": true})),
        1 => Just(json!([])),
    ]
}

fn signals() -> impl Strategy<Value = String> {
    let tcf = prop_oneof![
        4 => tc_model().prop_map(|m| json!(encode_tc(&tc_from(&m)))),
        1 => tcf_input().prop_map(|s| json!(s)),
        1 => Just(json!(7)),
    ];
    let usp = prop_oneof![
        Just(json!("1YNN")),
        Just(json!("1NNN")),
        Just(json!("1-X-")),
        "[1-2][YN-][YNX-][YN-]".prop_map(|s| json!(s)),
    ];
    let deny = (
        prop::sample::select(SOURCES.to_vec()),
        prop_oneof![
            prop::sample::select(PURPOSES.to_vec()).prop_map(|p| json!(p)),
            prop::sample::select(consent_mode::TYPES.to_vec()).prop_map(|t| json!(t)),
            (1u64..=24).prop_map(|id| json!(id)),
        ],
    );
    (
        proptest::option::of(flag()),
        proptest::option::of(flag()),
        proptest::option::of(tcf),
        proptest::option::of(gpp_input()),
        proptest::option::of(usp),
        proptest::option::of(data_layer()),
        proptest::option::of(app()),
        deny,
    )
        .prop_map(|(gpc, dnt, tcf, gpp, usp, cm, app, (src, detail))| {
            let mut o = serde_json::Map::new();
            let mut put = |k: &str, v: Option<Value>| {
                if let Some(v) = v {
                    o.insert(k.to_owned(), v);
                }
            };
            put("gpc", gpc);
            put("dnt", dnt);
            put("tcf", tcf);
            put("gpp", gpp.map(Value::String));
            put("usp", usp);
            put("consentMode", cm.map(|t| serde_json::from_str(&t).unwrap()));
            put("app", app);
            // The denial to add for the monotonicity check: tcf ids for tcf, names otherwise.
            let detail = match (src, &detail) {
                ("tcf", Value::Number(_))
                | ("app", Value::String(_))
                | ("consent_mode", Value::String(_)) => detail,
                ("tcf", _) => json!(7),
                ("consent_mode", _) => json!("analytics_storage"),
                _ => json!("analytics"),
            };
            o.insert("_deny".into(), json!([src, detail]));
            Value::Object(o).to_string()
        })
}

// ---------------------------------------------------------------------------------------------
// The properties.

#[test]
fn tcf_decoder() {
    fuzz("tcf", tcf_input(), check_tcf);
}

#[test]
fn tcf_models_round_trip() {
    fuzz(
        "tcf-model",
        tc_model().prop_map(|m| encode_tc(&tc_from(&m))),
        |text| {
            let tc = tcf::decode(text).map_err(|e| format!("a model's string fails: {e}"))?;
            if encode_tc(&tc) != text {
                return Err(format!("re-encodes differently: {}", encode_tc(&tc)));
            }
            check_tcf(text)
        },
    );
}

#[test]
fn gpp_decoder() {
    fuzz("gpp", gpp_input(), check_gpp);
}

#[test]
fn usp_decoder() {
    fuzz("usp", "[0-9YNyn -X]{0,6}", check_usp);
}

#[test]
fn consent_mode_decoder() {
    fuzz("consent_mode", data_layer(), check_consent_mode);
}

#[test]
fn evaluate_json_fails_safe_and_is_monotone() {
    fuzz("signals", signals(), check_signals);
}

/// Every saved crasher (and the seam fixtures written by hand) replays without a panic and
/// with every invariant holding. The file name's prefix says which check it is for.
#[test]
fn crashers_replay() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CRASHERS);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the crasher directory exists") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".txt") {
            continue;
        }
        let input = std::fs::read_to_string(&path).unwrap();
        let input = input.strip_suffix('\n').unwrap_or(&input);
        let check: fn(&str) -> Result<(), String> = match name.split('-').next().unwrap() {
            "tcf" => check_tcf,
            "gpp" => check_gpp,
            "usp" => check_usp,
            "consent_mode" => check_consent_mode,
            "signals" => check_signals,
            other => panic!("{name}: unknown crasher kind {other}"),
        };
        let outcome = std::panic::catch_unwind(|| check(input));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(why)) => panic!("{name}: {why}"),
            Err(_) => panic!("{name}: panicked"),
        }
        n += 1;
    }
    assert!(n > 0, "no fixtures replayed from {}", dir.display());
}
