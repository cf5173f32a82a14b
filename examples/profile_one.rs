//! Runs one policy over one fixture event in a loop, for a profiler:
//! `perf record cargo run --profile bench-native --example profile_one -- <fixture> <policy> [n]`.
mod common;

use consent_guard::Guard;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let event = common::first_event(&args[1]);
    let policy = std::fs::read_to_string(&args[2]).unwrap();
    let n: u32 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let mut g = Guard::new(&policy, None).unwrap();
    g.set_consent_json(r#"{"analytics":true,"functional":true}"#)
        .unwrap();
    for _ in 0..n {
        std::hint::black_box(g.redact(&event));
    }
}
