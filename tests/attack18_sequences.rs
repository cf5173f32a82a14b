//! Red team 18: a guard keeps scratch buffers (automaton states, path, hits, normalized views)
//! from one call to the next and builds receipts lazily (`ReceiptDetail::Counts`). Whatever a
//! guard has seen before, and whichever detail it is asked for, an event must come out exactly
//! as a fresh guard with full receipts would make it: same output, same drops, the same changes
//! (rule and path left out under Counts), and the same counters.
//!
//! The sequences are drawn with a fixed seed from the golden policies, the presets, the SDK
//! fixtures and hostile inputs meant to grow or dirty each buffer: huge strings (scratch past
//! 256 KiB), deep nesting up to and past `max_depth`, scan-limit and pattern-work overruns,
//! invalid input, batches with bad items, JSON and gzip inside strings, PII in keys, key
//! rewrites into one another, duplicate keys.

use consent_guard::engine::ReceiptDetail;
use consent_guard::policy::PRESET_NAMES;
use consent_guard::{Counters, Guard, Outcome};
use serde_json::{json, Value};
use std::fs;
use std::path::Path;

const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

struct Setup {
    label: String,
    policy: String,
    consent: String,
    key: Option<Vec<u8>>,
    inputs: Vec<String>,
}

fn guard(s: &Setup) -> Guard {
    let mut g = if s.policy.starts_with('{') {
        Guard::new(&s.policy, s.key.clone())
    } else {
        Guard::with_preset(&s.policy, s.key.clone())
    }
    .unwrap_or_else(|e| panic!("{}: {e}", s.label));
    g.set_consent_json(&s.consent).unwrap();
    g
}

fn nest(depth: usize, leaf: &str) -> String {
    let mut s = String::new();
    for _ in 0..depth {
        s.push_str("{\"a\":");
    }
    s.push_str(leaf);
    for _ in 0..depth {
        s.push('}');
    }
    s
}

fn nest_arr(depth: usize, leaf: &str) -> String {
    format!("{}{}{}", "[".repeat(depth), leaf, "]".repeat(depth))
}

fn gzip_latin1(text: &str) -> String {
    consent_guard::codec::gzip::compress(text.as_bytes())
        .iter()
        .map(|&b| b as char)
        .collect()
}

/// Inputs that grow, fill or dirty the kept buffers, or print paths in unusual ways.
fn hostile() -> Vec<String> {
    let mut v = vec![
        // Small, ordinary events with something to find.
        json!({"event": "$pageview", "properties": {"email": "jane@example.com", "$ip": "203.0.113.77", "note": "call +1 415 555 0132", "$current_url": "https://a.example/p?email=jane%40example.com&utm_source=x"}}).to_string(),
        json!({"event": "x", "type": "track", "properties": {"card": "4111 1111 1111 1111", "ok": "nothing here"}}).to_string(),
        json!({"event": "x", "properties": {"jane@example.com": 1, "n": [{"ip 203.0.113.7": "a"}, "4111 1111 1111 1111"]}}).to_string(),
        json!({"event": "x", "attrs": {"A": "jane@example.com", "a": "b", "card 4111 1111 1111 1111": "x", "https://h.example/p?token=SECRET": 1}}).to_string(),
        json!({"event": "x", "nested": "{\"email\":\"jane@example.com\",\"deep\":\"[1,\\\"+1 415 555 0132\\\"]\"}"}).to_string(),
        json!({"event": "x", "gz": gzip_latin1(&json!({"email": "jane@example.com", "k": [1, 2]}).to_string())}).to_string(),
        json!({"batch": [{"event": "a", "email": "jane@example.com"}, 7, {"event": "b", "x": "jane%40example.com"}], "api_key": "k"}).to_string(),
        json!([{"event": "a", "x": "https://u:p@h.example/p?email=jane@example.com#f"}, {"event": "$snapshot"}]).to_string(),
        json!({"event": "x", "ua": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", "ip": "2001:db8::1", "ip6": "::ffff:192.0.2.128", "at": "2026-11-22T14:33:27.123Z", "epoch": 1795357980827u64, "spend": 420.5}).to_string(),
        json!({"event": "x", "ua": "Chrome/120 (Windows)", "ip": "$remote", "bad_ip": "1:2:3:4:5:6:7:8:9", "at": "yesterday", "spend": "lots"}).to_string(),
        json!({"event_type": "x", "user_properties": {"email": "jane@example.com"}, "user_agent": "curl/8", "ip": "fe80::1%eth0"}).to_string(),
        json!({"type": "identify", "traits": {"email": "jane@example.com", "firstName": "Jane"}, "context": {"ip": "203.0.113.9", "userAgent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"}}).to_string(),
        json!({"event": "x", "exception": {"values": [{"value": "failed for jane.doe@example.com", "stacktrace": {"frames": [{"filename": "https://a.example/app.js?token=abc"}]}}]}, "user": {"email": "jane@example.com", "ip_address": "203.0.113.1"}}).to_string(),
        r#"{"event":"x","dup":1,"dup":"jane@example.com","o":{"k":"4111 1111 1111 1111","k":2}}"#.to_owned(),
        "{\"a\":".to_owned(),
        "[1,2,".to_owned(),
        "\"just a string\"".to_owned(),
        "42".to_owned(),
        String::new(),
        "{}".to_owned(),
        "[]".to_owned(),
        // Escaped text forces the normalized view (its buffers are kept).
        json!({"event": "x", "t": "jane&#64;example&#46;com ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ 4111\u{a0}1111\u{200b}1111\u{a0}1111"}).to_string(),
        json!({"event": "x", "t": "%6A%61%6E%65%40example.com"}).to_string(),
    ];
    // Deep nesting: within, at and past the default max_depth of 64; past 64 levels of states.
    for d in [10, 62, 63, 64, 65, 80, 200] {
        v.push(nest(d, r#""jane@example.com""#));
        v.push(format!(
            r#"{{"event":"deep","properties":{}}}"#,
            nest(d, r#"{"email":"jane@example.com","ip":"203.0.113.5"}"#)
        ));
        v.push(nest_arr(d, r#""4111 1111 1111 1111""#));
    }
    // Huge strings: the view, map, hits and path buffers grow past 256 KiB.
    let many_hits = "jane@example.com é ".repeat(14_000); // ~300 KB, a view and 14 000 hits
    v.push(json!({"event": "huge", "t": many_hits}).to_string());
    let long_key = format!("k{}jane@example.com", "é".repeat(70_000));
    v.push(json!({"event": "hugekey", "properties": {long_key: "v"}}).to_string());
    // Over max_scan_bytes (512 KiB by default), under max_event_bytes.
    v.push(json!({"event": "over", "a": "x".repeat(300_000), "b": "y".repeat(300_000), "c": "jane@example.com"}).to_string());
    // Over max_event_bytes.
    v.push(json!({"event": "too big", "a": "z".repeat(1_100_000)}).to_string());
    // Many keys (the level vectors and written-key lists grow).
    let mut wide = serde_json::Map::new();
    for i in 0..5000 {
        wide.insert(
            format!("k{i}"),
            json!({"email": "jane@example.com", "i": i}),
        );
    }
    v.push(json!({"event": "wide", "properties": Value::Object(wide)}).to_string());
    v
}

/// A small pseudo-random generator: the sequences are the same on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn fixtures() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/fixtures/sdk-payloads");
    let mut out = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let f: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        if f["kind"] == "envelope" || f["kind"] == "form-urlencoded" {
            continue;
        }
        let body = &f["body"];
        out.push(body.to_string());
        for key in ["batch", "events"] {
            if let Some(items) = body[key].as_array() {
                out.extend(items.iter().take(2).map(Value::to_string));
            }
        }
    }
    out
}

fn setups() -> Vec<Setup> {
    let mut out = Vec::new();
    let host = hostile();
    let fx = fixtures();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let case: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let policy = match (case.get("policy"), case.get("preset")) {
            (Some(p), _) => p.to_string(),
            (_, Some(Value::String(p))) => p.clone(),
            _ => continue,
        };
        let mut inputs = host.clone();
        match (case.get("input"), case.get("input_text")) {
            (Some(v), _) => inputs.push(v.to_string()),
            (_, Some(Value::String(t))) => inputs.push(t.clone()),
            _ => {}
        }
        out.push(Setup {
            label: path.file_name().unwrap().to_string_lossy().into_owned(),
            policy,
            consent: case["consent"].to_string(),
            key: case
                .get("key")
                .and_then(Value::as_str)
                .map(|k| k.as_bytes().to_vec()),
            inputs,
        });
    }
    let extra = [
        // Keys rewritten into one another (same_key drops), a URL rule on keys, labels, an
        // allowlist with a subtree, a user pattern with a tight pattern-work budget.
        r#"{"version":1,"extends":"scan-all","limits":{"max_scan_bytes":20000},
           "rules":[{"id":"k","select":"attrs","purposes":["marketing"],"keys":{"type":"replace","with":"k"}},
                    {"id":"ku","select":"properties","keys":{"type":"url"}},
                    {"id":"url","select":"**.x","granted":{"type":"url"}}]}"#,
        r#"{"version":1,"unlisted":"drop","labels":{"at":"properties.$data_use","purposes":["analytics"]},
           "rules":[{"id":"e","select":"event"},{"id":"p","select":"properties.**"},
                    {"id":"ip","select":["**.ip","**.$ip"],"granted":{"type":"ip","v4_prefix":24,"v6_prefix":48}},
                    {"id":"ua","select":"**.ua","granted":{"type":"user_agent"}},
                    {"id":"t","select":["**.at","**.epoch"],"granted":{"type":"time","unit":"hour"}},
                    {"id":"b","select":"**.spend","granted":{"type":"bucket","size":10}},
                    {"id":"m","select":"**.card","granted":{"type":"mask","keep_last":4}}],
           "subtrees":[{"id":"c","select":"context","unlisted":"keep"}]}"#,
        r#"{"version":1,"extends":"scan-all","limits":{"max_pattern_work":200000,"max_depth":100},
           "patterns":[{"id":"order","regex":"ORD-[0-9]{6}"}]}"#,
    ];
    for (i, p) in extra.iter().enumerate() {
        for consent in ["{}", r#"{"analytics":true,"marketing":true}"#] {
            out.push(Setup {
                label: format!("extra{i} {consent}"),
                policy: p.to_string(),
                consent: consent.to_owned(),
                key: Some(KEY.to_vec()),
                inputs: host.clone(),
            });
        }
    }
    for preset in PRESET_NAMES {
        for consent in [
            "{}",
            r#"{"analytics":true,"functional":true,"personalization":true,"marketing":true}"#,
        ] {
            let mut inputs = host.clone();
            inputs.extend(fx.iter().cloned());
            out.push(Setup {
                label: format!("{preset} {consent}"),
                policy: preset.to_owned(),
                consent: consent.to_owned(),
                key: Some(KEY.to_vec()),
                inputs,
            });
        }
    }
    out
}

fn what(o: &Outcome) -> Vec<(&'static str, Option<String>, Option<&'static str>)> {
    o.receipt
        .changes
        .iter()
        .map(|c| (c.action, c.detector.clone(), c.note))
        .collect()
}

/// `long` answered after everything it saw before; `fresh` is a new guard's Full answer.
fn same(long: &Outcome, fresh: &Outcome, detail: ReceiptDetail, at: &dyn Fn() -> String) {
    assert_eq!(long.output, fresh.output, "output differs: {}", at());
    assert_eq!(long.receipt.kept, fresh.receipt.kept, "kept: {}", at());
    assert_eq!(
        long.receipt.events,
        fresh.receipt.events,
        "events: {}",
        at()
    );
    assert_eq!(
        long.receipt.dropped,
        fresh.receipt.dropped,
        "drops: {}",
        at()
    );
    match detail {
        ReceiptDetail::Full => {
            assert_eq!(
                long.receipt.changes,
                fresh.receipt.changes,
                "changes: {}",
                at()
            )
        }
        ReceiptDetail::Counts => {
            assert_eq!(what(long), what(fresh), "changes (counts): {}", at());
            assert!(
                long.receipt
                    .changes
                    .iter()
                    .all(|c| c.rule.is_empty() && c.path.is_empty()),
                "counts receipt printed a rule or path: {}",
                at()
            );
        }
    }
}

#[test]
fn a_long_lived_guard_answers_every_event_as_a_fresh_guard_would() {
    let mut rng = Lcg(0x5eed_0018);
    for setup in setups() {
        let mut long = guard(&setup);
        let mut expected = Counters::default();
        let n = setup.inputs.len();
        let mut history: Vec<(usize, Option<&str>, ReceiptDetail)> = Vec::new();
        // Every input once in order after a huge one, then a shuffled run.
        let mut order: Vec<usize> = (0..n).collect();
        for _ in 0..(2 * n) {
            order.push(rng.next() % n);
        }
        for &i in &order {
            let text = &setup.inputs[i];
            let name = match rng.next() % 4 {
                0 => Some("$pageview"),
                1 => Some("event"),
                _ => None,
            };
            let detail = if rng.next().is_multiple_of(2) {
                ReceiptDetail::Full
            } else {
                ReceiptDetail::Counts
            };
            history.push((i, name, detail));
            let got = long.redact_with(text, name, detail);
            let want = guard(&setup).redact_with(text, name, ReceiptDetail::Full);
            expected.add(&want.receipt);
            let at = || {
                let tail: Vec<String> = history
                    .iter()
                    .rev()
                    .take(4)
                    .map(|(i, n, d)| format!("#{i} {n:?} {d:?} {:.80}", setup.inputs[*i]))
                    .collect();
                format!("[{}] after (latest first): {tail:#?}", setup.label)
            };
            same(&got, &want, detail, &at);
        }
        assert_eq!(
            long.counters(),
            &expected,
            "counters differ: [{}]",
            setup.label
        );
    }
}

/// The same event asked three ways on one guard (Counts, Full, `redact_named`) after a huge
/// and a deep event: the kept buffers never change the answer.
#[test]
fn huge_then_small_and_deep_then_shallow_on_each_preset() {
    let small = json!({"event": "$pageview", "properties": {"email": "jane@example.com", "$ip": "203.0.113.77", "x": "jane%40example.com", "k": {"jane@example.com": "4111 1111 1111 1111"}}}).to_string();
    let huge = json!({"event": "huge", "t": "jane@example.com é%40 ".repeat(16_000), "k": {"é%40".repeat(40_000): 1}}).to_string();
    let deep = format!(
        r#"{{"event":"d","properties":{}}}"#,
        nest(60, r#"{"email":"jane@example.com"}"#)
    );
    for preset in PRESET_NAMES {
        let setup = Setup {
            label: preset.to_owned(),
            policy: preset.to_owned(),
            consent: r#"{"analytics":true}"#.to_owned(),
            key: Some(KEY.to_vec()),
            inputs: vec![],
        };
        let want = guard(&setup).redact_with(&small, None, ReceiptDetail::Full);
        let want_named = guard(&setup).redact_with(&small, Some("$pageview"), ReceiptDetail::Full);
        let mut g = guard(&setup);
        for before in [&huge, &deep, &small, &huge] {
            g.redact_with(before, None, ReceiptDetail::Counts);
            let at = || format!("{preset} after {:.60}", before);
            same(
                &g.redact_with(&small, None, ReceiptDetail::Counts),
                &want,
                ReceiptDetail::Counts,
                &at,
            );
            same(
                &g.redact_with(&small, None, ReceiptDetail::Full),
                &want,
                ReceiptDetail::Full,
                &at,
            );
            same(
                &g.redact_with(&small, Some("$pageview"), ReceiptDetail::Full),
                &want_named,
                ReceiptDetail::Full,
                &at,
            );
        }
    }
}
