//! Linearity: every adversarial input of tests/support/adversarial.tsv at 90 KB, once, through
//! all detectors. Nothing here is timed: a detector that is quadratic on one of these shapes
//! makes this test take minutes instead of a second (debug build), which CI shows at once.
//! The hits must still be sorted, disjoint ranges on character boundaries.

#[path = "support/adversarial.rs"]
mod adversarial;

use consent_guard::detect::{scan_with, DetectorSet, Scratch};

#[test]
fn every_adversarial_shape_at_90_kb() {
    let mut scratch = Scratch::default();
    let mut hits = Vec::new();
    for case in adversarial::cases() {
        let (detector, name) = (&case.detector, &case.name);
        let text = case.build(90 << 10);
        scan_with(&mut scratch, &text, DetectorSet::all(), &[], &mut hits);
        let mut last = 0;
        for h in &hits {
            assert!(
                last <= h.start && h.start < h.end && h.end <= text.len(),
                "{detector}: {name}: bad hit {h:?}"
            );
            assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
            last = h.end;
        }
    }
}

/// Inputs that are all personal data are found all along, not just at the start.
#[test]
fn repeated_pii_is_found_to_the_end() {
    let mut scratch = Scratch::default();
    let mut hits = Vec::new();
    for unit in [
        "4111 1111 1111 1111 ",
        "+44 20 7946 0958 ",
        "DE89 3704 0044 0532 0130 00 ",
        "203.0.113.7 ",
        "jane@example.com ",
    ] {
        let text = adversarial::repeat(unit, 90 << 10);
        scan_with(&mut scratch, &text, DetectorSet::all(), &[], &mut hits);
        assert_eq!(hits.len(), text.len() / unit.len(), "{unit}");
    }
}
