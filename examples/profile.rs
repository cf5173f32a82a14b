//! Times the engine natively on one fixture event: `cargo run --release --example profile -- FILE PRESET`.
use consent_guard::Guard;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    let body = &fixture["body"];
    let event = body
        .get("batch")
        .map(|b| b[0].clone())
        .unwrap_or(body.clone())
        .to_string();
    let mut guard = if args[2].starts_with('{') {
        Guard::new(&args[2], None)
    } else {
        Guard::with_preset(&args[2], None)
    }
    .unwrap();
    guard
        .set_consent_json(r#"{"analytics":true,"functional":true}"#)
        .unwrap();
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(guard.redact(&event));
    }
    println!(
        "{} bytes: {:.2} us/event",
        event.len(),
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
