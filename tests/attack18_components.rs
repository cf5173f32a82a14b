//! Red team 18: the hot-path rewrites of 7a80ce7 and bcaeaf8 against what they replaced.
//!
//! - `net::read_groups` iterates instead of collecting: IPv6 parsing must accept and reject
//!   exactly what the collecting version (ported below from 7a80ce7^) did.
//! - `action::url::decode_component` borrows when a component holds no `%` or `+`: the text
//!   must equal the copying version's for every input.
//! - `action::apply_value` dispatches mask, ip, time, user_agent and bucket: JSON numbers stay
//!   numbers only for time and bucket, unparseable values become the fail token with note
//!   `unparseable`, `$`-placeholders pass the ip action, and each shape is the same whether
//!   the guard reached it fresh or after other events.
//!
//! Class: differential (old vs new algorithm) and engine behaviour. Result when written: held.

use consent_guard::action::{self, url::decode_component, Applied};
use consent_guard::engine::ReceiptDetail;
use consent_guard::net;
use consent_guard::policy::{Action, TimeUnit};
use consent_guard::Guard;
use serde_json::{json, Value};

// ---- 7a80ce7^ src/net.rs, byte for byte --------------------------------------------------
fn old_parse_v6(s: &str) -> Option<[u16; 8]> {
    if s.is_empty() || s.len() > 45 {
        return None;
    }
    let (head, tail) = match s.find("::") {
        Some(i) => (&s[..i], Some(&s[i + 2..])),
        None => (s, None),
    };
    let mut groups = [0u16; 8];
    let head_n = old_read_groups(head, &mut groups, tail.is_none())?;
    match tail {
        None => (head_n == 8).then_some(groups),
        Some(tail) => {
            let mut rest = [0u16; 8];
            let tail_n = old_read_groups(tail, &mut rest, true)?;
            if head_n + tail_n > 7 {
                return None;
            }
            groups[8 - tail_n..].copy_from_slice(&rest[..tail_n]);
            Some(groups)
        }
    }
}

fn old_read_groups(s: &str, out: &mut [u16; 8], last: bool) -> Option<usize> {
    if s.is_empty() {
        return Some(0);
    }
    let parts: Vec<&str> = s.split(':').collect();
    let mut n = 0;
    for (i, p) in parts.iter().enumerate() {
        if i + 1 == parts.len() && last && p.contains('.') {
            let q = net::parse_v4(p)?;
            if n + 2 > 8 {
                return None;
            }
            out[n] = u16::from_be_bytes([q[0], q[1]]);
            out[n + 1] = u16::from_be_bytes([q[2], q[3]]);
            n += 2;
        } else {
            if p.is_empty() || p.len() > 4 || n == 8 {
                return None;
            }
            out[n] = u16::from_str_radix(p, 16).ok()?;
            n += 1;
        }
    }
    Some(n)
}

// ---- 7a80ce7^ src/action/url.rs decode_component -----------------------------------------
fn old_decode_component(s: &str) -> String {
    let hex = |b: u8| match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b - b'A' + 10,
    };
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len()
                && b[i + 1].is_ascii_hexdigit()
                && b[i + 2].is_ascii_hexdigit() =>
            {
                out.push(hex(b[i + 1]) << 4 | hex(b[i + 2]));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn string(&mut self, alphabet: &[&str], max: usize) -> String {
        let n = self.next() % (max + 1);
        (0..n)
            .map(|_| alphabet[self.next() % alphabet.len()])
            .collect()
    }
}

#[test]
fn ipv6_parsing_accepts_and_rejects_what_it_did_before() {
    let fixed = [
        "2001:db8::1",
        "::",
        "::1",
        "1::",
        "fe80::1%eth0",
        "::ffff:192.0.2.128",
        "::ffff:1.2.3",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7::",
        "::1:2:3:4:5:6:7",
        "1:2:3:4:5:6:1.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4",
        "1::1.2.3.4",
        "1.2.3.4::",
        "1.2.3.4",
        ":1::",
        "1:::2",
        "1::2::3",
        "12345::",
        "0000:0000::",
        "[2001:db8::1]",
        "2001:db8:::1",
        "::1.2.3.4:5",
        "a:b:c:d:e:f:1.2.3.4",
        "a:b:c:d:e:f:g:h",
        "",
        ":",
        "1:",
        ":1",
    ];
    for s in fixed {
        assert_eq!(net::parse_v6(s), old_parse_v6(s), "{s:?}");
    }
    let alphabet = [
        "0", "1", "a", "f", "F", "g", ":", ":", "::", ".", "255", "1.2.3.4", "%", "ffff",
    ];
    let mut rng = Lcg(18);
    for _ in 0..200_000 {
        let s = rng.string(&alphabet, 14);
        assert_eq!(net::parse_v6(&s), old_parse_v6(&s), "{s:?}");
    }
}

#[test]
fn url_components_decode_as_they_did_before() {
    let fixed = [
        "", "+", "%", "%4", "%40", "a%", "a%4", "%%40", "%zz", "a+b%2Bc", "%C3%A9", "%C3", "%FF+",
        "plain", "é",
    ];
    for s in fixed {
        assert_eq!(decode_component(s), old_decode_component(s), "{s:?}");
    }
    let alphabet = [
        "a", "+", "%", "4", "0", "F", "g", "é", "%2", "%C3", "%A9", "%40", " ",
    ];
    let mut rng = Lcg(1818);
    for _ in 0..200_000 {
        let s = rng.string(&alphabet, 10);
        assert_eq!(decode_component(&s), old_decode_component(&s), "{s:?}");
    }
}

#[test]
fn value_actions_keep_numbers_only_where_they_did() {
    let ip = Action::Ip {
        v4_prefix: 24,
        v6_prefix: 48,
    };
    let time = Action::Time {
        unit: TimeUnit::Hour,
    };
    let bucket = Action::Bucket {
        size: Some(10.0),
        bounds: None,
    };
    let value = |text: &str, number| {
        Some(Applied::Value {
            text: text.to_owned(),
            number,
        })
    };
    assert_eq!(
        action::apply_value(&ip, "2001:db8::1", false),
        value("2001:db8::", false)
    );
    assert_eq!(
        action::apply_value(&ip, "$remote", false),
        Some(Applied::Same)
    );
    assert_eq!(
        action::apply_value(&ip, "12345", true),
        Some(Applied::Unreadable)
    );
    assert_eq!(
        action::apply_value(&ip, "fe80::1%eth0", false),
        Some(Applied::Unreadable)
    );
    assert_eq!(
        action::apply_value(&time, "1795357980827", true),
        value("1795356000000", true)
    );
    assert_eq!(
        action::apply_value(&time, "1795357980827", false),
        value("1795356000000", false)
    );
    assert_eq!(
        action::apply_value(&time, "1e12", true),
        Some(Applied::Unreadable)
    );
    assert_eq!(action::apply_value(&bucket, "42", true), value("40", true));
    assert_eq!(
        action::apply_value(&bucket, "42", false),
        value("40", false)
    );
    assert_eq!(
        action::apply_value(&bucket, "x", false),
        Some(Applied::Unreadable)
    );
    assert_eq!(
        action::apply_value(&Action::UserAgent, "curl/8", false),
        value("Other (Other)", false)
    );
    for a in [Action::Keep, Action::Drop] {
        assert_eq!(action::apply_value(&a, "x", false), None);
    }
}

const POLICY: &str = r#"{"version":1,"rules":[
  {"id":"ip","select":"**.ip","granted":{"type":"ip","v4_prefix":24,"v6_prefix":48}},
  {"id":"t","select":"**.at","granted":{"type":"time","unit":"hour"}},
  {"id":"b","select":"**.spend","granted":{"type":"bucket","size":10}},
  {"id":"m","select":"**.card","granted":{"type":"mask","keep_last":4}},
  {"id":"ua","select":"**.ua","granted":{"type":"user_agent"}}]}"#;

fn run(g: &mut Guard, event: &Value, detail: ReceiptDetail) -> (Value, Value) {
    let o = g.redact_with(&event.to_string(), None, detail);
    let out = serde_json::from_str(o.output.as_deref().unwrap_or("null")).unwrap();
    (out, serde_json::from_str(&o.receipt.to_json()).unwrap())
}

#[test]
fn value_actions_through_the_engine_fresh_and_after_other_events() {
    let cases = [
        (
            json!({"ip": "2001:db8::1"}),
            json!({"ip": "2001:db8::"}),
            None,
        ),
        (
            json!({"ip": "2001:0db8:0000:0000:0000:ff00:0042:8329"}),
            json!({"ip": "2001:db8::"}),
            None,
        ),
        (
            json!({"ip": "[2001:db8:85a3:1::1]"}),
            json!({"ip": "2001:db8:85a3::"}),
            None,
        ),
        (
            json!({"ip": "::ffff:203.0.113.77"}),
            json!({"ip": "::"}),
            None,
        ),
        (
            json!({"ip": "1:2:3:4:5:6:7:8:9"}),
            json!({"ip": "[redacted]"}),
            Some("unparseable"),
        ),
        (
            json!({"ip": "fe80::1%eth0"}),
            json!({"ip": "[redacted]"}),
            Some("unparseable"),
        ),
        (json!({"ip": "$remote"}), json!({"ip": "$remote"}), None),
        (
            json!({"ip": 2130706433u32}),
            json!({"ip": "[redacted]"}),
            Some("unparseable"),
        ),
        (
            json!({"at": 1795357980827u64}),
            json!({"at": 1795356000000u64}),
            None,
        ),
        (
            json!({"at": "2026-11-22T14:33:27.123Z"}),
            json!({"at": "2026-11-22T14:00:00.000Z"}),
            None,
        ),
        (
            json!({"at": "soon"}),
            json!({"at": "[redacted]"}),
            Some("unparseable"),
        ),
        (json!({"spend": 42.5}), json!({"spend": 40}), None),
        (json!({"spend": "42.5"}), json!({"spend": "40"}), None),
        (
            json!({"spend": "lots"}),
            json!({"spend": "[redacted]"}),
            Some("unparseable"),
        ),
        (
            json!({"card": 4111111111111111u64}),
            json!({"card": "****1111"}),
            None,
        ),
        (
            json!({"ua": "Chrome/120 (Windows)"}),
            json!({"ua": "Chrome/120 (Windows)"}),
            None,
        ),
        (json!({"ua": 5}), json!({"ua": "Other (Other)"}), None),
    ];
    let mut long = Guard::new(POLICY, None).unwrap();
    for round in 0..2 {
        for (input, want, note) in &cases {
            let mut fresh = Guard::new(POLICY, None).unwrap();
            let (out, receipt) = run(&mut fresh, input, ReceiptDetail::Full);
            assert_eq!(&out, want, "{input}");
            let notes: Vec<Value> = receipt["changes"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|c| c.get("note").cloned())
                .collect();
            match note {
                Some(n) => assert_eq!(notes, vec![json!(n)], "{input}"),
                None => assert!(notes.is_empty(), "{input}: {receipt}"),
            }
            let detail = if round == 0 {
                ReceiptDetail::Counts
            } else {
                ReceiptDetail::Full
            };
            let (out2, _) = run(&mut long, input, detail);
            assert_eq!(out2, out, "long-lived guard: {input}");
        }
    }
}
