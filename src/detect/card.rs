//! Payment card numbers: a known issuer prefix and length, and a valid Luhn check digit.
//!
//! Written compact or in groups of 3 to 6 (a 17-19 digit number in fours may end with a
//! shorter group), with any mix of the run separators: `4111.1111 1111-1111`, `4111+1111...`
//! from a query string, `cc_4111...`.

use super::luhn;
use super::number::{value, Sep, Verdict, Window};

/// `(first, last, prefix digits, lengths)`: an issuer range and its lengths as a bit mask
/// (bit n: n + 12 digits). From the brands' published IIN ranges.
const BRANDS: [(u16, u16, u8, u8); 21] = [
    (4, 4, 1, 0b1001_0010),       // Visa: 13, 16, 19
    (51, 55, 2, 0b0001_0000),     // Mastercard
    (2221, 2720, 4, 0b0001_0000), // Mastercard 2-series
    (34, 34, 2, 0b0000_1000),     // Amex
    (37, 37, 2, 0b0000_1000),     // Amex
    (6011, 6011, 4, 0b1111_0000), // Discover
    (644, 649, 3, 0b1111_0000),   // Discover
    (65, 65, 2, 0b1111_0000),     // Discover
    (3528, 3589, 4, 0b1111_0000), // JCB
    (300, 305, 3, 0b1111_1100),   // Diners Club
    (36, 36, 2, 0b1111_1100),     // Diners Club
    (38, 39, 2, 0b1111_1100),     // Diners Club
    (62, 62, 2, 0b1111_0000),     // UnionPay (and Discover 622126-622925)
    (81, 81, 2, 0b1111_0000),     // UnionPay 8100-8171
    (2200, 2204, 4, 0b1111_0000), // Mir
    (5018, 5018, 4, 0b1111_1111), // Maestro
    (5020, 5020, 4, 0b1111_1111), // Maestro
    (5038, 5038, 4, 0b1111_1111), // Maestro
    (5893, 5893, 4, 0b1111_1111), // Maestro
    (6304, 6304, 4, 0b1111_1111), // Maestro
    (6759, 6763, 4, 0b1111_1111), // Maestro (6759, 6761-6763)
];

/// A window in groups of 3 to 6, or of 4 ending with 1 to 6, or compact; no parentheses.
pub fn judge(w: &Window) -> Verdict {
    let (mut lens, mut seps) = (w.lens >> 4, w.seps);
    let last = w.lens & 0xf;
    let (mut mid, mut fours) = (last > 2 && last < 7, last < 7);
    while lens != 0 {
        mid &= lens & 0xf > 2 && lens & 0xf < 7;
        fours &= lens & 0xf == 4;
        lens >>= 4;
    }
    while seps != 0 {
        mid &= seps & 0xf != Sep::Paren as u32;
        fours &= seps & 0xf != Sep::Paren as u32;
        seps >>= 4;
    }
    let single = w.m == w.k;
    let hit = w.ends && (single || mid || fours) && is_card(w.d) && !(single && is_gtin(w.d));
    // Longer windows add groups: those so far must all be of 3 to 6, or all of 4.
    let more = mid || fours && last == 4;
    if !(w.spaced && w.clean()) {
        return Verdict::Done;
    }
    Verdict::of(hit, more)
}

/// Whether `d` has a known issuer prefix, a length that issuer uses, and a valid Luhn digit.
pub fn is_card(d: &[u8]) -> bool {
    let n = d.len();
    (12..=19).contains(&n)
        && BRANDS.iter().any(|&(first, last, plen, lens)| {
            let p = value(d.get(..plen as usize).unwrap_or(&[]));
            first as u32 <= p && p <= last as u32 && lens >> (n - 12) & 1 != 0
        })
        && luhn::valid(d)
}

/// A GTIN-12/13/14 (UPC, EAN, ITF-14) check digit: product codes, written compact like cards.
/// A compact number that is a valid GTIN is read as one (a card passes it one time in ten).
fn is_gtin(d: &[u8]) -> bool {
    let mut sum = 0;
    for (i, &x) in d.iter().rev().enumerate() {
        sum += x as u32 * [1, 3][i & 1];
    }
    d.len() <= 14 && sum % 10 == 0
}

#[cfg(test)]
mod tests {
    finder!(hits, Card);

    #[test]
    fn positives() {
        assert_eq!(
            hits("1795357980827 4111 1111 1111 1111 0.14"),
            ["4111 1111 1111 1111"]
        );
        for c in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "4111.1111.1111.1111",
            "4111/1111/1111/1111",
            "4111 1111-1111.1111",
            "4111+1111+1111+1111",
            "5555555555554444",
            "2223003122003222",
            "378282246310005",
            "3782 822463 10005",
            "6011111111111117",
            "3530111333300000",
            "3530 1113 3330 0000",
            "36227206271667",
            "6200000000000005",
            "2200 0000 0000 0004",
            "6759 6498 2643 8453",
            "3566 0020 2036 0505 5",
        ] {
            assert_eq!(hits(&format!("card: {c}.")), [c], "{c}");
        }
        assert_eq!(hits("cc_4111111111111111"), ["4111111111111111"]);
        assert_eq!(
            hits("4111%201111%201111%201111"),
            ["4111%201111%201111%201111"]
        );
        assert_eq!(
            hits("４１１１ １１１１ １１１１ １１１１"),
            ["４１１１ １１１１ １１１１ １１１１"]
        );
        assert_eq!(
            hits("4111\u{a0}1111\u{a0}1111\u{a0}1111"),
            ["4111\u{a0}1111\u{a0}1111\u{a0}1111"]
        );
        assert_eq!(
            hits("41\u{200b}11111111111111"),
            ["41\u{200b}11111111111111"]
        );
    }

    #[test]
    fn look_alikes_pass() {
        for n in [
            "4111111111111112", // fails Luhn
            "1795357980827",    // epoch ms
            "1795357980827000", // epoch us
            "9111111111111111", // unknown issuer
            "ORD-4111111111111111",
            "v4111111111111111",
            "4111111111111111.5",
            "0.4111111111111111",
            "4001648705964", // EAN-13 (and Luhn-valid)
            "DE89 4111 1111 1111 1111",
        ] {
            assert!(hits(n).is_empty(), "{n}");
        }
    }
}
