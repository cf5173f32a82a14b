//! Detector cost per byte on the worst inputs we could construct (tests/support/adversarial.tsv)
//! next to ordinary telemetry text: every string of the SDK captures in tests/wire/, scanned
//! one by one as the engine scans them, and the same strings joined to the benchmark's sizes.
//! Budget (the core issue's detection budget): no input costs more than 10x the ns/byte of
//! ordinary text of the same size.
//!
//!     cargo run --release --example adversarial
//!
//! Prints a Markdown table. Timings are medians of repeated runs; they vary with the machine.

#[path = "../tests/support/adversarial.rs"]
mod adversarial;
#[path = "../tests/support/adversarial_bodies.rs"]
mod adversarial_bodies;

use consent_guard::detect::{scan_with, DetectorSet, Hit, Scratch};
use std::hint::black_box;
use std::time::Instant;

const SIZES: [usize; 3] = [1 << 10, 16 << 10, 90 << 10];

/// Every string value (and key) in a JSON tree.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

/// The SDK captures' strings, and envelope lines that are JSON themselves.
fn telemetry() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wire");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let mut s = Vec::new();
        strings(&v, &mut s);
        for s in s {
            match serde_json::from_str::<serde_json::Value>(&s) {
                Ok(inner @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
                    strings(&inner, &mut out)
                }
                _ => out.push(s),
            }
        }
    }
    out
}

/// Median ns per byte of scanning `texts` (each on its own, with one scratch), over enough
/// rounds for at least ~30 ms of work.
fn ns_per_byte(texts: &[String]) -> f64 {
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut scratch = Scratch::default();
    let mut hits: Vec<Hit> = Vec::new();
    let mut run = || {
        let t = Instant::now();
        for s in texts {
            scan_with(
                &mut scratch,
                black_box(s),
                DetectorSet::all(),
                &[],
                &mut hits,
            );
            black_box(&hits);
        }
        t.elapsed().as_nanos() as f64
    };
    let once = run().max(1.0);
    let reps = ((30e6 / once) as usize).clamp(3, 2000);
    let mut times: Vec<f64> = (0..reps).map(|_| run()).collect();
    times.sort_by(f64::total_cmp);
    times[reps / 2] / bytes as f64
}

fn main() {
    let strings = telemetry();
    let joined = strings.join(" ");
    let ordinary: Vec<f64> = SIZES
        .iter()
        .map(|&n| ns_per_byte(&[adversarial::repeat(&joined, n)]))
        .collect();
    println!(
        "Ordinary telemetry: {} strings from tests/wire ({} bytes), one by one: {:.2} ns/byte\n",
        strings.len(),
        joined.len(),
        ns_per_byte(&strings)
    );
    println!("| input | detector | 1 KB | 16 KB | 90 KB | worst / ordinary |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| ordinary telemetry, joined | - | {:.2} | {:.2} | {:.2} | 1.0 |",
        ordinary[0], ordinary[1], ordinary[2]
    );
    let mut worst = (0.0, String::new());
    for case in adversarial::cases() {
        let (detector, name) = (&case.detector, &case.name);
        let t: Vec<f64> = SIZES
            .iter()
            .map(|&n| ns_per_byte(&[case.build(n)]))
            .collect();
        let ratio = (0..3).map(|i| t[i] / ordinary[i]).fold(0.0, f64::max);
        if ratio > worst.0 {
            worst = (ratio, name.clone());
        }
        let flag = if ratio > 10.0 { " **over budget**" } else { "" };
        println!(
            "| {} | {detector} | {:.2} | {:.2} | {:.2} | {ratio:.1}{flag} |",
            name.replace('|', "\\|"),
            t[0],
            t[1],
            t[2]
        );
    }
    println!(
        "\nWorst: {:.1}x ordinary ({}); budget 10x.",
        worst.0, worst.1
    );
    bodies();
}

/// Median ns per byte of redacting `body` through the codecs under a guard.
fn body_ns_per_byte(preset: &str, consent: &str, body: &[u8]) -> f64 {
    let mut g = if preset.starts_with('{') {
        consent_guard::Guard::new(preset, None)
    } else {
        consent_guard::Guard::with_preset(preset, None)
    }
    .unwrap();
    g.set_consent_json(consent).unwrap();
    let mut run = || {
        let t = Instant::now();
        black_box(g.redact_body(black_box(body), Default::default()));
        t.elapsed().as_nanos() as f64
    };
    let once = run().max(1.0);
    let reps = ((100e6 / once) as usize).clamp(3, 200);
    let mut times: Vec<f64> = (0..reps).map(|_| run()).collect();
    times.sort_by(f64::total_cmp);
    times[reps / 2] / body.len() as f64
}

/// Whole bodies: the engine and codecs end to end, next to the SDK captures' own bodies.
fn bodies() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wire");
    let mut ordinary = Vec::new();
    for f in std::fs::read_dir(dir).unwrap() {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f.unwrap().path()).unwrap()).unwrap();
        let body = v["body"].to_string();
        if !body.starts_with('[') {
            ordinary.push(body);
        }
    }
    let base: f64 = ordinary
        .iter()
        .map(|b| body_ns_per_byte("scan-all", "{}", b.as_bytes()))
        .sum::<f64>()
        / ordinary.len() as f64;
    println!("\nWhole bodies through the codecs (scan-all unless named), {base:.1} ns/byte for the SDK captures' own bodies:\n");
    println!("| body | 64 KB | 512 KB | worst / ordinary |");
    println!("|---|---|---|---|");
    let small = adversarial_bodies::bodies(64 << 10);
    let large = adversarial_bodies::bodies(512 << 10);
    for (s, l) in small.iter().zip(&large) {
        let a = body_ns_per_byte(s.preset, s.consent, s.text.as_bytes());
        let b = body_ns_per_byte(l.preset, l.consent, l.text.as_bytes());
        println!(
            "| {} ({}) | {a:.1} | {b:.1} | {:.1} |",
            s.name,
            s.preset,
            a.max(b) / base
        );
    }
}
