//! IMEIs: 15 digits with a known reporting-body prefix and a valid Luhn check digit, compact
//! or printed `AA-BBBBBB-CCCCCC-D` or `AABBBBBB-CCCCCC-D`.

use super::luhn;
use super::number::{value, Sep, Verdict, Window};

/// Reporting body identifiers that issue TACs (the IMEI's first two digits).
const REPORTING_BODIES: &[u8] = &[
    1, 10, 30, 33, 35, 44, 45, 49, 50, 51, 52, 53, 54, 86, 91, 98, 99,
];

pub fn judge(w: &Window) -> Verdict {
    let d = w.d;
    if !(w.spaced && w.clean()) {
        return Verdict::Done;
    }
    let hit = w.ends
        && matches!(w.lens, 0xf | 0x2661 | 0x861)
        && (w.all(Sep::Dash) || w.all(Sep::Space) || w.all(Sep::Slash))
        && REPORTING_BODIES.contains(&(value(d.get(..2).unwrap_or(&[])) as u8))
        && luhn::valid(d);
    Verdict::of(hit, matches!(w.lens, 0x2 | 0x26 | 0x266 | 0x8 | 0x86))
}

#[cfg(test)]
mod tests {
    finder!(hits, Imei);

    #[test]
    fn table() {
        assert_eq!(hits("imei 490154203237518"), ["490154203237518"]);
        assert_eq!(hits("IMEI: 35-209900-176148-1"), ["35-209900-176148-1"]);
        assert_eq!(hits("0.1 490154203237518 0.14"), ["490154203237518"]);
        assert_eq!(
            hits("４９０１５４２０３２３７５１８"),
            ["４９０１５４２０３２３７５１８"]
        );
        assert!(hits("490154203237519").is_empty()); // Luhn
        assert!(hits("120154203237518").is_empty()); // reporting body
        assert!(hits("4901542032375180").is_empty()); // 16 digits
    }
}
