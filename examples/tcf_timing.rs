//! Times TCF decoding natively: `cargo run --release --example tcf_timing -- <TC string>`.
use consent_guard::consent::signals::{normalize, tcf, Mapping, Signals};
use consent_guard::consent::Purposes;
use std::time::Instant;

fn time(label: &str, mut f: impl FnMut()) {
    let n = 100_000;
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    println!(
        "{label:12} {:.2} us",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

fn main() {
    let s = std::env::args().nth(1).expect("a TC string");
    time("decode", || {
        std::hint::black_box(tcf::decode(&s).unwrap());
    });
    let tc = tcf::decode(&s).unwrap();
    time("to_json", || {
        std::hint::black_box(tc.to_json());
    });
    let p = Purposes::default();
    time("normalize", || {
        std::hint::black_box(
            normalize(
                &p,
                &Mapping::default(),
                &Signals {
                    tcf: Some(s.as_str().into()),
                    ..Signals::default()
                },
            )
            .to_json(&p),
        );
    });
}
