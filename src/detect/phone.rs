//! Phone numbers: international by country rules, `tel:` URIs, and national formats.
//!
//! - International: `+` (also `%2B`, `&#43;`, fullwidth) or `00`, a calling code, and a
//!   national number whose length and first digit the country's plan allows. `(0)` and a
//!   written trunk `0` after the code are skipped: `+44 (0)20 7946 0958`, `+44 020 ...`.
//!   Calling codes outside the table need 8 to 15 digits.
//! - `tel:` URIs: any 6 to 15 digits.
//! - National: a trunk `0` with separators in a phone shape (`030/12345678`, `07700 900552`,
//!   `01 23 45 67 89`, `(030) 1234567`), or a North American `(415) 555-0132` shape.
//!
//! A bare digit run without `+`, `00` or `tel:` is never a phone number: epoch timestamps,
//! order numbers and ids are bare digit runs too.

use super::class::{before, ends_with_ci};
use super::number::{value, Sep, Verdict, Window};

/// `(calling code, shortest and longest national number, first digits allowed as a bit mask)`
/// for the 63 most used calling codes. Facts from libphonenumber's PhoneNumberMetadata.xml
/// (fixed-line and mobile possible lengths and leading digits), lengths under 6 raised to 6.
const TABLE: [(u16, u8, u8, u16); 63] = [
    (1, 10, 10, 0b11_1111_1100),
    (7, 10, 10, 0b11_1001_1000),
    (20, 8, 10, 0b11_0111_1110),
    (27, 9, 9, 0b01_1111_1110),
    (30, 10, 10, 0b10_0100_0100),
    (31, 9, 11, 0b10_1111_1110),
    (32, 8, 9, 0b11_1111_1110),
    (33, 9, 9, 0b11_1111_1110),
    (34, 9, 9, 0b11_1111_0000),
    (36, 8, 9, 0b11_1111_1110),
    (39, 6, 12, 0b01_0000_1001),
    (40, 9, 9, 0b00_1100_1100),
    (41, 9, 9, 0b11_1111_1100),
    (43, 6, 13, 0b00_1111_1110),
    (44, 9, 10, 0b01_1000_1110),
    (45, 8, 8, 0b11_1111_1100),
    (46, 7, 9, 0b11_1111_1110),
    (47, 8, 8, 0b10_1111_1100),
    (48, 9, 9, 0b11_1111_1110),
    (49, 6, 15, 0b11_1111_1110),
    (51, 8, 9, 0b11_1111_0010),
    (52, 10, 10, 0b11_1111_1100),
    (54, 10, 11, 0b10_0100_1110),
    (55, 10, 11, 0b11_1111_1110),
    (56, 9, 9, 0b11_1111_1100),
    (57, 8, 10, 0b10_0101_1000),
    (60, 8, 10, 0b11_1111_1010),
    (61, 9, 9, 0b01_1001_1100),
    (62, 8, 12, 0b11_1111_1100),
    (63, 8, 10, 0b11_1111_1100),
    (64, 8, 10, 0b10_1101_1100),
    (65, 8, 8, 0b11_0100_0000),
    (66, 8, 9, 0b11_1111_1110),
    (81, 9, 10, 0b11_1111_1110),
    (82, 8, 10, 0b00_0111_1110),
    (84, 9, 10, 0b11_1010_1110),
    (86, 9, 11, 0b11_1111_1110),
    (90, 10, 10, 0b00_0011_1100),
    (91, 10, 10, 0b11_1111_1110),
    (92, 9, 10, 0b11_1111_1100),
    (98, 10, 10, 0b11_1111_1110),
    (212, 9, 9, 0b00_1110_0000),
    (213, 8, 9, 0b10_1111_1110),
    (234, 10, 10, 0b11_1000_0100),
    (254, 7, 9, 0b00_1111_0110),
    (351, 9, 9, 0b10_0100_0110),
    (352, 6, 11, 0b11_1111_1100),
    (353, 7, 10, 0b11_1111_0110),
    (358, 6, 10, 0b11_0111_1110),
    (359, 8, 9, 0b11_1111_1100),
    (380, 9, 9, 0b10_1111_1000),
    (385, 8, 9, 0b10_0011_1110),
    (420, 9, 9, 0b00_1111_1100),
    (421, 9, 9, 0b11_0111_1100),
    (852, 8, 8, 0b11_1111_1100),
    (880, 8, 10, 0b11_1111_1110),
    (886, 8, 9, 0b11_1111_1100),
    (964, 8, 10, 0b00_1111_1110),
    (965, 8, 8, 0b10_0111_0100),
    (966, 9, 9, 0b00_0010_0010),
    (971, 8, 9, 0b10_1111_1100),
    (972, 8, 9, 0b11_0011_1110),
    (974, 8, 8, 0b00_1111_1000),
];

/// [`TABLE`] packed at compile time, one `u32` per code: the code (bits 0-9), the lengths
/// (bits 10-13, 14-17) and the first digits (bits 18-27).
const PLANS: [u32; 63] = {
    let mut out = [0; 63];
    let mut i = 0;
    while i < 63 {
        let (cc, min, max, first) = TABLE[i];
        out[i] = cc as u32 | (min as u32) << 10 | (max as u32) << 14 | (first as u32) << 18;
        i += 1;
    }
    out
};

pub fn judge(w: &Window) -> Verdict {
    let (v, run, d, n) = (w.v, w.run, w.d, w.d.len());
    // A number starts the run or follows one just found: `709 013 874 081` is one number, not
    // a phone number after 709.
    if !w.fresh || !w.spaced || b".-/#$".contains(&before(v, run.start)) {
        return Verdict::Done;
    }
    if w.k == 0 && ends_with_ci(v, run.start, b"tel:") {
        let last = w.m + 1 == run.groups.len();
        return Verdict::of(last && w.ends && n > 5 && n < 16, !last);
    }
    let plus = w.k == 0 && run.plus;
    if plus || d.starts_with(&[0, 0]) {
        // `+35.405106` is a coordinate: dots split a phone number in three or more.
        let dotted = (0..w.m - w.k).any(|i| w.seps >> (4 * i) & 0xf == Sep::Dot as u32);
        let spaced = (w.m > w.k || n > 9) && !(dotted && w.m < w.k + 2);
        let hit = spaced && international(d.get(2 - 2 * plus as usize..).unwrap_or(&[]));
        return Verdict::of(hit && w.ends, true);
    }
    let (hit, more) = if d.first() == Some(&0) {
        trunk(w)
    } else {
        nanp(w)
    };
    Verdict::of(hit && w.ends, more)
}

/// A national number with a trunk `0`: 9 to 12 digits, an area code of 2 to 5 digits, then
/// groups of 2 to 8 with one separator throughout (the first may differ: `030/1234 5678`).
/// Whether this window is one, and whether a longer one may be.
fn trunk(w: &Window) -> (bool, bool) {
    let groups = w.m - w.k;
    let area = w.lens >> (4 * groups);
    let (mut lens, mut seps, mut ok) = (w.lens, w.seps, area > 1 && area < 6);
    let last = w.seps & 0xf;
    for i in 0..groups {
        let sep = seps & 0xf;
        ok &= lens & 0xf > 1
            && lens & 0xf < 9
            && sep != Sep::Plus as u32
            && (i + 1 == groups || sep == last && sep != Sep::Paren as u32);
        lens >>= 4;
        seps >>= 4;
    }
    // ZIP+4 (`06656-3955`) has a trunk-like shape.
    let zip = w.lens == 0x54 && last == Sep::Dash as u32;
    (
        ok && groups > 0 && w.d.len() > 8 && w.d.len() < 13 && !zip,
        ok,
    )
}

/// Calling code and national number per the country's plan; 8 to 15 digits for codes outside
/// the table.
fn international(d: &[u8]) -> bool {
    for cl in 1..4 {
        let Some((cc, mut nsn)) = d.split_at_checked(cl) else {
            break;
        };
        let cc = value(cc);
        if let Some(&p) = PLANS.iter().find(|&&p| p & 0x3ff == cc) {
            let (min, max, first) = (p >> 10 & 15, p >> 14 & 15, p >> 18);
            if nsn.first() == Some(&0) && first & 1 == 0 {
                nsn = nsn.get(1..).unwrap_or(&[]); // a trunk zero after the code: `+44 (0)20`
            }
            let n = nsn.len() as u32;
            return n >= min && n <= max && nsn.first().is_some_and(|&f| first >> f & 1 != 0);
        }
    }
    d.len() > 7 && d.len() < 16 && d.first() != Some(&0)
}

/// North American numbers: `(415) 555-0132`, `415-555-0132`, `415.555.0132`, `415 555 0132`,
/// with an optional leading `1`. Whether this window is one, and whether a longer one may be.
fn nanp(w: &Window) -> (bool, bool) {
    let lead = match w.lens {
        0x334 => 0,
        0x1334 if w.d.first() == Some(&1) && w.seps >> 8 != Sep::Slash as u32 => 1,
        l => return (false, matches!(l, 0x3 | 0x33 | 0x1 | 0x13 | 0x133)),
    };
    let (mid, last) = (w.seps >> 4 & 0xf, w.seps & 0xf);
    let paren = w.run.groups.get(w.k + lead).is_some_and(|g| g.paren);
    let ok = |s: u32| s == Sep::Dash as u32 || s == Sep::Space as u32 || s == Sep::Dot as u32;
    let digit = |i: usize| w.d.get(lead + i).copied().unwrap_or(0);
    let hit = ok(last) && (paren || mid == last) && digit(0) > 1 && digit(3) > 1;
    (hit, false)
}

#[cfg(test)]
mod tests {
    finder!(hits, Phone);

    #[test]
    fn positives() {
        for p in [
            "+1 415 555 0132",
            "+14155550132",
            "+44 20 7946 0958",
            "+44 (0)20 7946 0958",
            "+44 020 7946 0958",
            "+49 151 12345678",
            "+49-30-12345678",
            "+33 6 12 34 56 78",
            "+81 90-1234-5678",
            "+86 138 0013 8000",
            "+55 11 91234-5678",
            "+971 50 123 4567",
            "+372 5123 4567",
            "(415) 555-0132",
            "(415)555-0132",
            "415-555-0132",
            "415.555.0132",
            "1-415-555-0132",
            "1 (415) 555-0132",
            "020 7946 0958",
            "07700 900552",
            "030/12345678",
            "(030) 1234567",
            "01 23 45 67 89",
            "0044 20 7946 0958",
        ] {
            let text = format!("call {p} now");
            assert_eq!(hits(&text), [p], "{p}");
        }
        assert_eq!(hits("(07542 058091)"), ["07542 058091"]);
        assert_eq!(hits("(1-618-507-7401)"), ["1-618-507-7401"]);
        assert_eq!(hits("tel:+1-415-555-0132"), ["+1-415-555-0132"]);
        assert_eq!(hits("tel:07700900552"), ["07700900552"]);
        assert_eq!(hits("?phone=%2B14155550132&x"), ["%2B14155550132"]);
        assert_eq!(hits("?p=%2B44+20+7946+0958&x"), ["%2B44+20+7946+0958"]);
        assert_eq!(
            hits("＋４４ ２０ ７９４６ ０９５８"),
            ["＋４４ ２０ ７９４６ ０９５８"]
        );
        assert_eq!(
            hits("+44\u{a0}20\u{a0}7946\u{a0}0958"),
            ["+44\u{a0}20\u{a0}7946\u{a0}0958"]
        );
        assert_eq!(
            hits("&#43;44&nbsp;20 7946 0958"),
            ["&#43;44&nbsp;20 7946 0958"]
        );
    }

    #[test]
    fn telemetry_look_alikes_pass() {
        for n in [
            "1795357980827",
            "0.14265832157519975",
            "1.449.2",
            "156.0.0.0",
            "2026-11-22",
            "14:33:00",
            "4111 1111 1111 1111",
            "123-45-6789",
            "192.168.100.100",
            "v1.2.3",
            "$19.99",
            "ORD-2026-000123",
            "1280x800",
            "+1",
            "+44 12",
            "+48.8566,+2.3522",
            "build 20261122.1",
            "01.02.2024 10:30",
            "DE89 3704 0044 0532 0130 01",
            "GB82 WEST 1234 5698 7654 33",
            "4155550132",
            "+1 115 555 0132",
        ] {
            assert!(hits(n).is_empty(), "{n}: {:?}", hits(n));
        }
    }
}
