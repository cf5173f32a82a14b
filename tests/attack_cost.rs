//! Attack 9, class I: inputs whose cost grows faster than their size, under the default limits
//! (1 MiB per event, 512 KiB of strings scanned per event).
//!
//! 1. Overlapping hits are ordered with an insertion sort ("hit lists are a handful long").
//!    Each detector appends its hits in text order, one detector after another, so a string
//!    whose hits alternate between two detectors (an email, an IPv4, an email, ...) makes the
//!    sort quadratic in the number of hits. One field of ~512 KiB (a URL or text a third party
//!    can put in front of a victim) is enough; the scan budget does not bound the hit count.
//! 2. OTLP attribute lists are turned into objects by searching the fields built so far for
//!    each key: quadratic in the attributes of one list.
//! 3. What surrounds the OTLP item lists is walked with one skip path per scope, and every
//!    object member checks every skip path: quadratic in the number of scopes.
//!
//! Each test prints ns/byte (native, release; the Wasm build runs ~2x slower, README) and
//! asserts a linear budget of 200 ns/byte, which the normal path meets by two orders of
//! magnitude. Run with `cargo test --release --test attack_cost -- --nocapture`.

mod common;

use common::*;
use std::time::Instant;

const BUDGET_NS_PER_BYTE: f64 = 200.0;

fn measure(what: &str, preset: &str, consent: &str, body: &str) -> f64 {
    let mut g = guard(preset, consent);
    let t = Instant::now();
    let out = g.redact_body(
        body.as_bytes(),
        consent_guard::codec::BodyOptions::default(),
    );
    let ns = t.elapsed().as_nanos() as f64;
    let per = ns / body.len() as f64;
    println!(
        "{what}: {} bytes, {:.1} ms, {per:.1} ns/byte, kept={}",
        body.len(),
        ns / 1e6,
        out.output.is_some()
    );
    per
}

#[test]
fn control_a_large_ordinary_event_is_linear() {
    let text = "the quick brown fox jumps over the lazy dog ".repeat(11_000);
    let body = format!(r#"{{"event":"x","properties":{{"text":"{text}"}}}}"#);
    assert!(measure("control", "scan-all", NOTHING, &body) < BUDGET_NS_PER_BYTE);
}

#[test]
fn alternating_hits_make_the_hit_sort_quadratic() {
    // ~500 KB in one string: "a@b.co 10.1.2.3 " repeated. Two detectors, interleaved hits.
    let text = "a@b.co 10.1.2.3 ".repeat(31_000);
    let body = format!(r#"{{"event":"x","properties":{{"$el_text":"{text}"}}}}"#);
    let per = measure("email/ipv4 interleaved", "scan-all", NOTHING, &body);
    assert!(per < BUDGET_NS_PER_BYTE, "{per:.0} ns/byte");
}

#[test]
fn worst_found_email_and_ipv6_interleaved() {
    // 12 bytes per pair: the most hits per byte found (~83k hits in 500 KB).
    let text = "a@b.co 1::2 ".repeat(41_600);
    let body = format!(r#"{{"event":"x","properties":{{"$el_text":"{text}"}}}}"#);
    let per = measure("email/ipv6 interleaved", "scan-all", NOTHING, &body);
    assert!(per < BUDGET_NS_PER_BYTE, "{per:.0} ns/byte");
}

#[test]
fn three_detectors_interleaved() {
    let text = "a@b.co 10.1.2.3 00:1a:2b:3c:4d:5e ".repeat(15_000);
    let body = format!(r#"{{"event":"x","properties":{{"$el_text":"{text}"}}}}"#);
    let per = measure("email/ipv4/mac interleaved", "scan-all", NOTHING, &body);
    assert!(per < BUDGET_NS_PER_BYTE, "{per:.0} ns/byte");
}

#[test]
fn one_otlp_attribute_list_with_many_keys_is_quadratic() {
    let mut attrs = String::new();
    for i in 0..34_000 {
        if i > 0 {
            attrs.push(',');
        }
        attrs.push_str(&format!(r#"{{"key":"a{i}","value":{{}}}}"#));
    }
    let body = format!(
        r#"{{"resourceSpans":[{{"scopeSpans":[{{"spans":[{{"name":"x","attributes":[{attrs}]}}]}}]}}]}}"#
    );
    let per = measure("otlp 34k attributes", "otel", ANALYTICS, &body);
    assert!(per < BUDGET_NS_PER_BYTE, "{per:.0} ns/byte");
}

#[test]
fn many_otlp_scopes_make_the_surrounding_walk_quadratic() {
    let scope = r#"{"scopeSpans":[{"spans":[{"name":"x"}]}]}"#;
    let n = (1 << 20) / (scope.len() + 1) - 10;
    let body = format!(r#"{{"resourceSpans":[{}]}}"#, vec![scope; n].join(","));
    let per = measure("otlp many scopes", "otel", ANALYTICS, &body);
    assert!(per < BUDGET_NS_PER_BYTE, "{per:.0} ns/byte");
}

#[test]
fn a_crafted_link_stalls_every_pageview() {
    // A third party links the victim to the shop with a long `utm_source` (kept by the PostHog
    // preset, so its decoded value is scanned). Every event carrying $current_url pays for it.
    let value = "a@b.co%201.2.3.4%20".repeat(26_000);
    let body = format!(
        r#"{{"batch":[{{"event":"$pageview","properties":{{"$current_url":"https://shop.example/?utm_source={value}"}}}}]}}"#
    );
    let per = measure("utm_source link", "posthog", ANALYTICS, &body);
    assert!(per < BUDGET_NS_PER_BYTE, "{per:.0} ns/byte");
}
