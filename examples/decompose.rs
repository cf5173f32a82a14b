//! Wall-time split of the engine on one fixture event: parse+write only, + walk, + scanning.
mod common;

use consent_guard::{json, Guard};
use std::time::Instant;

fn time(label: &str, n: u32, mut f: impl FnMut()) {
    for _ in 0..n / 10 {
        f();
    }
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    println!(
        "{label:28} {:8.2} us",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let event = common::first_event(&args[1]);
    let n = 20_000;
    time("parse + write", n, || {
        let t = json::parse(&event, 64).unwrap();
        std::hint::black_box(json::to_string(&t));
    });
    // Further policy files (JSON) after the fixture are timed too.
    for (label, policy) in [
        (
            "walk, no rules, no scan",
            r#"{"version":1,"scan":{"detectors":[]}}"#.to_string(),
        ),
        (
            "scan-all",
            r#"{"version":1,"extends":"scan-all"}"#.to_string(),
        ),
        (
            "posthog, no scan",
            r#"{"version":1,"extends":"posthog","scan":{"detectors":[]}}"#.to_string(),
        ),
        (
            "posthog",
            r#"{"version":1,"extends":"posthog"}"#.to_string(),
        ),
    ]
    .into_iter()
    .chain(
        args[2..]
            .iter()
            .map(|f| ("(policy file)", std::fs::read_to_string(f).unwrap())),
    ) {
        let mut g = Guard::new(&policy, None).unwrap();
        g.set_consent_json(r#"{"analytics":true,"functional":true}"#)
            .unwrap();
        time(label, n, || {
            std::hint::black_box(g.redact(&event));
        });
    }
}
