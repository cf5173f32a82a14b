//! Property tests over generated events (a seeded xorshift generator; the failing seed is in
//! the panic message, rerun with PROPTEST_SEED=<seed> to reproduce one case):
//! - with consent denied, no value of a gated field and no planted PII appears in the output;
//! - after scanning, no detector still fires anywhere in the output;
//! - `redact` is idempotent for every preset;
//! - selectors round-trip through print and parse;
//! - the JSON tree agrees with serde_json on what a text means.

use consent_guard::detect::contains_pii;
use consent_guard::json;
use consent_guard::select::Selector;
use consent_guard::Guard;
use serde_json::{json, Map, Value};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PII: &[&str] = &[
    "jane.doe@example.com",
    "+1 415 555 0132",
    "4111 1111 1111 1111",
    "DE89 3704 0044 0532 0130 00",
    "123-45-6789",
    "203.0.113.77",
    "2001:db8:85a3::8a2e:370:7334",
    "AKIAIOSFODNN7EXAMPLE",
    "https://bob:hunter2@db.example.com/x",
    "00:1A:2B:3C:4D:5E",
    "490154203237518",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
];

const BENIGN: &[&str] = &[
    "Chrome/156.0.0.0",
    "1795357980827",
    "0.14265832157519975",
    "396e723c7d2b4364a8690b1b078aeeca",
    "1.449.2",
    "checkout",
    "$pageview",
    "https://shop.example.com/cart?utm_source=mail",
    "",
    "Ünïcødé ✓",
];

const KEYS: &[&str] = &[
    "email",
    "note",
    "properties",
    "$set",
    "context",
    "a b",
    "x.y",
    "traits",
    "batch",
    "title",
    "url",
    "0",
];

/// A random event; strings mix benign text and planted PII.
fn value(rng: &mut Rng, depth: usize) -> Value {
    match if depth > 4 {
        rng.below(4)
    } else {
        rng.below(7)
    } {
        0 => json!(rng.below(1_000_000) as u64),
        1 => json!(rng.below(2) == 0),
        2 => Value::Null,
        3 => {
            let text = if rng.below(3) == 0 {
                format!(
                    "{} {} {}",
                    rng.pick(BENIGN),
                    rng.pick(PII),
                    rng.pick(BENIGN)
                )
            } else {
                (*rng.pick(BENIGN)).to_owned()
            };
            json!(text)
        }
        4 | 5 => {
            let mut m = Map::new();
            for _ in 0..rng.below(5) {
                m.insert((*rng.pick(KEYS)).to_owned(), value(rng, depth + 1));
            }
            Value::Object(m)
        }
        _ => Value::Array((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
    }
}

fn event(rng: &mut Rng) -> Value {
    let mut v = value(rng, 0);
    if !v.is_object() {
        v = json!({ "payload": v });
    }
    v["event"] = json!(*rng.pick(&["$pageview", "clicked", "signup"]));
    v
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        Value::Number(n) => out.push(n.to_string()),
        _ => {}
    }
}

fn seeds() -> Vec<u64> {
    match std::env::var("PROPTEST_SEED") {
        Ok(s) => vec![s.parse().expect("numeric seed")],
        Err(_) => (1..=400u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect(),
    }
}

#[test]
fn denied_consent_leaks_no_gated_value_and_no_pii() {
    // Gated fields are dropped when personalization is denied; everything kept is scanned.
    let policy = r#"{"version":1,"rules":[
        {"id":"traits","select":["traits","$set","**.email"],"purposes":["personalization"]},
        {"id":"title","select":"**.title","purposes":["personalization"],"denied":{"type":"replace","with":"[title]"}}]}"#;
    for seed in seeds() {
        let mut rng = Rng(seed);
        let mut e = event(&mut rng);
        let secret = format!("gated-{seed}");
        e["traits"] = json!({ "name": secret, "nested": { "deep": secret } });
        e["$set"] = json!(secret);
        let mut guard = Guard::new(policy, None).unwrap();
        let out = guard.redact(&e.to_string()).output.expect("kept");
        assert!(
            !out.contains(&secret),
            "seed {seed}: gated value survived: {out}"
        );
        let v: Value = serde_json::from_str(&out).unwrap();
        let mut all = Vec::new();
        strings(&v, &mut all);
        for s in all {
            assert!(!contains_pii(&s), "seed {seed}: PII survived in {s:?}");
            for p in PII {
                assert!(
                    !s.contains(p),
                    "seed {seed}: planted {p:?} survived in {s:?}"
                );
            }
        }
    }
}

#[test]
fn redact_is_idempotent_for_every_preset() {
    // Every preset, so a new one cannot escape the check.
    let presets = consent_guard::policy::PRESET_NAMES;
    for seed in seeds() {
        let mut rng = Rng(seed);
        let e = event(&mut rng).to_string();
        for preset in presets {
            let mut guard = Guard::with_preset(preset, None).unwrap();
            guard
                .set_consent_json(r#"{"analytics":true,"functional":true}"#)
                .unwrap();
            let Some(once) = guard.redact(&e).output else {
                continue;
            };
            let twice = guard.redact(&once).output.expect("a kept event stays kept");
            assert_eq!(once, twice, "seed {seed}, preset {preset}");
        }
    }
}

#[test]
fn selectors_round_trip() {
    let parts = [
        "a",
        "$set",
        "*",
        "**",
        "[0]",
        "[12]",
        "\"a.b\"",
        "\"q\\\"x\"",
        "utm_*",
        "\"[Amplitude] Page\"",
        "[*]",
    ];
    for seed in seeds() {
        let mut rng = Rng(seed);
        let mut text = String::new();
        for i in 0..1 + rng.below(5) {
            let part = *rng.pick(&parts);
            if i > 0 && !part.starts_with('[') {
                text.push('.');
            }
            text.push_str(part);
        }
        let sel: Selector = text
            .parse()
            .unwrap_or_else(|e| panic!("seed {seed}: {text}: {e}"));
        let printed = sel.to_string();
        assert_eq!(
            printed.parse::<Selector>().unwrap(),
            sel,
            "seed {seed}: {text} -> {printed}"
        );
        assert_eq!(printed.parse::<Selector>().unwrap().to_string(), printed);
    }
}

#[test]
fn json_tree_agrees_with_serde_json() {
    for seed in seeds() {
        let mut rng = Rng(seed);
        let v = value(&mut rng, 0);
        for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
            let tree = json::parse(&text, 64).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            let back: Value = serde_json::from_str(&json::to_string(&tree)).unwrap();
            assert_eq!(back, v, "seed {seed}");
        }
    }
    for bad in [
        "{",
        "[1,]",
        "{\"a\":}",
        "01",
        "\"\\u12\"",
        "nul",
        "1 2",
        "\"\u{1}\"",
    ] {
        assert!(json::parse(bad, 64).is_err(), "{bad}");
        assert!(
            serde_json::from_str::<Value>(bad).is_err(),
            "serde agrees {bad} is bad"
        );
    }
}
