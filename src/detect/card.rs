//! Payment card numbers: a known issuer prefix and length, and a valid Luhn check digit.

use super::luhn;
use super::util::{ends_number, find_digit_runs};

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    // The whole run, or its leading groups: "4111 1111 1111 1111 2026" holds a card.
    let accept = |digits: &[u8], groups: &[usize], end: usize, whole: bool| {
        let grouped =
            groups.len() == 1 || (groups.len() <= 5 && groups.iter().all(|g| (3..=6).contains(g)));
        grouped && (!whole || ends_number(bytes, end)) && is_card(digits)
    };
    find_digit_runs(text, b" -", 40, accept, push);
}

/// Whether `digits` has a known issuer prefix, a length that issuer uses, and a valid Luhn digit.
pub fn is_card(digits: &[u8]) -> bool {
    let n = digits.len();
    if !(13..=19).contains(&n) || !luhn::valid(digits) {
        return false;
    }
    let prefix = |len: usize| {
        digits[..len]
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + d as u32)
    };
    let (p1, p2, p3, p4) = (prefix(1), prefix(2), prefix(3), prefix(4));
    let p6 = prefix(6);
    match p1 {
        4 => matches!(n, 13 | 16 | 19), // Visa
        2 => (2221..=2720).contains(&p4) && n == 16 || (2200..=2204).contains(&p4) && n >= 16, // Mastercard, Mir
        3 => {
            (p2 == 34 || p2 == 37) && n == 15 // Amex
                || ((300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39) && n >= 14 // Diners
                || (3528..=3589).contains(&p4) && n >= 16 // JCB
        }
        5 => (51..=55).contains(&p2) && n == 16 || matches!(p4, 5018 | 5020 | 5038 | 5893), // Mastercard, Maestro
        6 => {
            p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 // Discover
                || p2 == 62 && n >= 16 // UnionPay
                || matches!(p4, 6304 | 6759 | 6761..=6763) // Maestro
                || (622126..=622925).contains(&p6)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    finder!(hits, super::find);

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
            "5555555555554444",
            "2223003122003222",
            "378282246310005",
            "3782 822463 10005",
            "6011111111111117",
            "3530111333300000",
            "36227206271667",
            "6200000000000005",
        ] {
            assert_eq!(hits(&format!("card: {c}.")), [c], "{c}");
        }
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
        ] {
            assert!(hits(n).is_empty(), "{n}");
        }
    }
}
