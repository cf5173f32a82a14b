//! Phone numbers: international by country rules, `tel:` URIs, and national formats.
//!
//! - International: `+` (also `%2B`, `&#43;`, fullwidth) or `00`, a calling code, and a
//!   national number whose length and first digit the country's plan allows. `(0)` and a
//!   written trunk `0` after the code are skipped: `+44 (0)20 7946 0958`, `+44 020 ...`.
//!   Calling codes outside the table need 8 to 15 digits.
//! - `tel:`, `sms:` and `callto:` URIs: any 6 to 15 digits.
//! - National: a trunk `0` with separators in a phone shape (`030/12345678`, `07700 900552`,
//!   `01 23 45 67 89`, `(030) 1234567`), or a North American `(415) 555-0132` shape.
//!
//! A bare digit run without `+`, `00` or `tel:` is never a phone number: epoch timestamps,
//! order numbers and ids are bare digit runs too.

use super::class::{before, ends_with_ci};
use super::number::{value, Run, Sep};
use super::pass::Cx;
use super::Detector;

/// `(calling code, shortest and longest national number, first digits allowed as a bit mask)`
/// for the 63 most used calling codes. Facts from libphonenumber's PhoneNumberMetadata.xml
/// (fixed-line and mobile possible lengths and leading digits), lengths under 6 raised to 6.
const PLANS: &[(u16, u8, u8, u16)] = &[
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

pub fn find(cx: &mut Cx, run: &Run) {
    let (v, g) = (cx.v, run.groups);
    let prev = before(v, run.start);
    if b".-/#$".contains(&prev) {
        return;
    }
    let last = g.len() - 1;
    if ["tel:", "sms:", "callto:"]
        .iter()
        .any(|p| ends_with_ci(v, run.start, p.as_bytes()))
    {
        if (6..=15).contains(&run.count(0, last)) && run.ends(v, last) {
            let (s, e) = run.span(0, last);
            cx.push(Detector::Phone, s, e);
        }
        return;
    }
    // A number starts the run, or follows one just found: `709 013 874 081` is one number,
    // not a phone number after 709.
    let mut k = 0;
    while k < g.len() {
        let first = v[g[k].start];
        // A zero-padded IPv4 address (`086.132.222.055`, `005.016.142.029`) is not a phone.
        let quad = !(k == 0 && run.plus)
            && g.len() >= k + 4
            && g[k + 1..k + 4].iter().all(|x| x.sep == Sep::Dot)
            && g[k..k + 4].iter().all(|x| x.len() <= 3);
        let found = if quad {
            None
        } else if k == 0 && run.plus {
            international(v, run, 0, false)
        } else if !run.starts(k) {
            None
        } else if first == b'0' && v.get(g[k].start + 1) == Some(&b'0') {
            international(v, run, k, true)
        } else if first == b'0' {
            trunk(v, run, k)
        } else {
            nanp(v, run, k)
        };
        let Some(m) = found else { break };
        let (s, e) = run.span(k, m);
        cx.push(Detector::Phone, s, e);
        k = m + 1;
    }
}

/// The last group of the longest international number starting at group `k` (after `+`, or
/// with a `00` prefix when `double_zero`).
fn international(v: &[u8], run: &Run, k: usize, double_zero: bool) -> Option<usize> {
    let g = run.groups;
    let mut best = None;
    for m in k..g.len() {
        if run.count(k, m) > 18 {
            break;
        }
        let zero = (k + 1..=m).find(|&i| g[i].paren && g[i].len() == 1 && v[g[i].start] == b'0');
        let mut buf = [0; 20];
        let Some(d) = run.digits(v, k, m, zero, &mut buf) else {
            break;
        };
        let d = if double_zero { &d[2..] } else { d };
        // `+35.405106` is a coordinate: dots separate a phone number into three groups or more.
        let dotted = g[k + 1..=m].iter().any(|x| x.sep == Sep::Dot);
        let spaced = (m > k || g[k].len() >= 10) && !(dotted && m < k + 2);
        if spaced && run.ends(v, m) && valid_international(d) {
            best = Some(m);
        }
    }
    best
}

fn valid_international(d: &[u8]) -> bool {
    for cl in 1..=3 {
        if d.len() <= cl {
            return false;
        }
        let cc = value(&d[..cl]);
        if let Some(&(_, min, max, first)) = PLANS.iter().find(|p| p.0 as u32 == cc) {
            let mut nsn = &d[cl..];
            if nsn[0] == 0 && first & 1 == 0 {
                nsn = &nsn[1..]; // a trunk zero written after the calling code
            }
            return (min as usize..=max as usize).contains(&nsn.len())
                && nsn.first().is_some_and(|&f| first & (1 << f) != 0);
        }
    }
    (8..=15).contains(&d.len()) && d[0] != 0
}

/// A national number with a trunk `0`: 9 to 12 digits, an area code of 2 to 5 digits, then
/// groups of 2 to 8 with one separator throughout.
fn trunk(v: &[u8], run: &Run, k: usize) -> Option<usize> {
    let g = run.groups;
    if !(2..=5).contains(&g[k].len()) {
        return None;
    }
    // ZIP+4 (`06656-3955`) has a trunk-like shape.
    if g.len() >= k + 2 && g[k].len() == 5 && g[k + 1].len() == 4 && g[k + 1].sep == Sep::Dash {
        return None;
    }
    let mut best = None;
    for m in k + 1..g.len() {
        let n = run.count(k, m);
        let uniform = m < k + 2 || g[m].sep == g[k + 2].sep && g[m].sep != Sep::Paren;
        if n > 12 || !(2..=8).contains(&g[m].len()) || !uniform || g[m].sep == Sep::Plus {
            break;
        }
        if n >= 9 && run.ends(v, m) {
            best = Some(m);
        }
    }
    best
}

/// North American numbers: `(415) 555-0132`, `415-555-0132`, `415.555.0132`, `415 555 0132`,
/// with an optional leading `1`.
fn nanp(v: &[u8], run: &Run, k: usize) -> Option<usize> {
    let g = run.groups;
    let lead = g[k].len() == 1 && v[g[k].start] == b'1';
    let a = k + lead as usize;
    let m = a + 2;
    if m >= g.len() || [g[a].len(), g[a + 1].len(), g[m].len()] != [3, 3, 4] {
        return None;
    }
    let (s1, s2) = (g[a + 1].sep, g[m].sep);
    let seps = if g[a].paren {
        matches!(s2, Sep::Dash | Sep::Space | Sep::Dot)
    } else {
        s1 == s2 && matches!(s1, Sep::Dash | Sep::Space | Sep::Dot)
    };
    let ok = seps
        && (!lead || g[a].sep != Sep::Slash && g[a].sep != Sep::Plus)
        && v[g[a].start] >= b'2'
        && v[g[a + 1].start] >= b'2'
        && run.ends(v, m);
    ok.then_some(m)
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
