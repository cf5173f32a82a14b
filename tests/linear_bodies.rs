//! Linearity for whole bodies: every shape of tests/support/adversarial_bodies.rs at ~512 KB,
//! once, through the codecs. Nothing here is timed: a quadratic path makes this test take
//! minutes instead of seconds (debug build), which CI shows at once. Each body is either sent
//! (and parses again) or dropped with a receipt that says why.

#[path = "support/adversarial_bodies.rs"]
mod adversarial_bodies;
mod common;

use common::*;

#[test]
fn every_adversarial_body_at_512_kb() {
    for b in adversarial_bodies::bodies(512 << 10) {
        let mut g = guard(b.preset, b.consent);
        let out = g.redact_body(
            b.text.as_bytes(),
            consent_guard::codec::BodyOptions::default(),
        );
        match &out.output {
            Some(bytes) => {
                let text = std::str::from_utf8(bytes).expect("text");
                serde_json::from_str::<serde_json::Value>(text)
                    .unwrap_or_else(|e| panic!("{}: {e}", b.name));
            }
            None => assert!(
                !out.receipt.dropped.is_empty(),
                "{}: dropped without a reason",
                b.name
            ),
        }
    }
}
