//! IBANs: a country code, check digits, and the country's BBAN length, passing ISO 7064 mod-97.

use super::util::{followed_by_word, preceded_by_word};

/// IBAN length per country (ISO 13616 registry).
const LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NL", 18),
    (b"NO", 15),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"SA", 24),
    (b"SC", 31),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
];

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let head = &bytes[i..i + 4];
        let starts = head[0].is_ascii_uppercase()
            && head[1].is_ascii_uppercase()
            && head[2].is_ascii_digit()
            && head[3].is_ascii_digit()
            && !preceded_by_word(bytes, i, b"");
        if let Some(end) = starts.then(|| candidate(bytes, i)).flatten() {
            push(i, end);
            i = end;
        } else {
            i += 1;
        }
    }
}

fn candidate(bytes: &[u8], start: usize) -> Option<usize> {
    let len = LENGTHS
        .iter()
        .find(|(cc, _)| cc[..] == bytes[start..start + 2])?
        .1;
    let mut compact = Vec::with_capacity(len);
    let mut i = start;
    while compact.len() < len && i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() || b.is_ascii_uppercase() {
            compact.push(b);
            i += 1;
        } else if b == b' ' && compact.len() % 4 == 0 && i + 1 < bytes.len() {
            i += 1; // printed form: groups of four
        } else {
            return None;
        }
    }
    (compact.len() == len && !followed_by_word(bytes, i, b"") && mod97(&compact)).then_some(i)
}

/// ISO 7064 MOD 97-10 over the IBAN rearranged with its first four characters last.
fn mod97(iban: &[u8]) -> bool {
    let mut rem = 0u32;
    for &b in iban[4..].iter().chain(&iban[..4]) {
        let v = if b.is_ascii_digit() {
            (b - b'0') as u32
        } else {
            (b - b'A') as u32 + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

#[cfg(test)]
mod tests {
    finder!(hits, super::find);

    #[test]
    fn table() {
        assert_eq!(
            hits("iban DE89370400440532013000."),
            ["DE89370400440532013000"]
        );
        assert_eq!(
            hits("GB82 WEST 1234 5698 7654 32"),
            ["GB82 WEST 1234 5698 7654 32"]
        );
        assert_eq!(hits("NL91ABNA0417164300"), ["NL91ABNA0417164300"]);
        assert!(hits("DE89370400440532013001").is_empty()); // check digits
        assert!(hits("XX89370400440532013000").is_empty()); // country
        assert!(hits("ID12345678901234567890").is_empty());
    }
}
