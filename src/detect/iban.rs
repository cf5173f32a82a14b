//! IBANs: a country code, check digits, and the country's length, passing ISO 7064 mod-97.
//! Any case, compact or split by single spaces or dashes (`de89 3704-0044 ...`; NBSPs are
//! spaces in the normalized view).

use super::class::{at, is, is_word, ALNUM, ALPHA, DIGIT};
use super::pass::Cx;
use super::Detector;

/// Country code and IBAN length, from the ISO 13616 registry.
const REGISTRY: &[u8] = b"AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30";

/// [`REGISTRY`] as a table indexed by the two letters (0: no IBAN), built at compile time.
const LENGTHS: [u8; 26 * 26] = {
    let mut t = [0; 26 * 26];
    let mut i = 0;
    while i < REGISTRY.len() {
        let r = &REGISTRY;
        t[(r[i] - b'A') as usize * 26 + (r[i + 1] - b'A') as usize] =
            (r[i + 2] - b'0') * 10 + r[i + 3] - b'0';
        i += 4;
    }
    t
};

pub fn find(cx: &mut Cx, i: usize) {
    let v = cx.v;
    if !(is(at(v, i + 1), ALPHA) && is(at(v, i + 2), DIGIT) && is(at(v, i + 3), DIGIT)) {
        return;
    }
    let letter = |i| (at(v, i) | 0x20).wrapping_sub(b'a') as usize;
    let len = LENGTHS
        .get(letter(i) * 26 + letter(i + 1))
        .copied()
        .unwrap_or(0);
    if len == 0 {
        return;
    }
    // ISO 7064 MOD 97-10 as the characters are read, the first four counted last.
    let (mut n, mut j, mut rem) = (4, i + 4, 0);
    while n < len {
        let b = at(v, j);
        j += 1;
        if is(b, ALNUM) {
            rem = mod97(rem, b);
            n += 1;
        } else if !(matches!(b, b' ' | b'-') && is(at(v, j), ALNUM)) {
            return;
        }
    }
    for b in v.iter().skip(i).take(4) {
        rem = mod97(rem, *b);
    }
    if rem == 1 && !is_word(at(v, j)) {
        cx.push(Detector::Iban, i, j);
    }
}

fn mod97(rem: u32, b: u8) -> u32 {
    match b {
        b'0'..=b'9' => (rem * 10 + (b - b'0') as u32) % 97,
        _ => (rem * 100 + (b.to_ascii_uppercase() - b'A') as u32 + 10) % 97,
    }
}

#[cfg(test)]
mod tests {
    finder!(hits, Iban);

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
        assert_eq!(
            hits("de89 3704 0044 0532 0130 00"),
            ["de89 3704 0044 0532 0130 00"]
        );
        assert_eq!(
            hits("DE89-3704-0044-0532-0130-00"),
            ["DE89-3704-0044-0532-0130-00"]
        );
        assert_eq!(
            hits("DE89\u{a0}3704\u{a0}0044\u{a0}0532\u{a0}0130\u{a0}00"),
            ["DE89\u{a0}3704\u{a0}0044\u{a0}0532\u{a0}0130\u{a0}00"]
        );
        assert!(hits("DE89370400440532013001").is_empty()); // check digits
        assert!(hits("XX89370400440532013000").is_empty()); // country
        assert!(hits("DE893704004405320130001").is_empty()); // too long
        assert!(hits("ID12345678901234567890").is_empty());
    }
}
