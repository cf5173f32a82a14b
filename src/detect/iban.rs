//! IBANs: a country code, check digits, and the country's length, passing ISO 7064 mod-97.
//! Any case, compact or split by single spaces or dashes (`de89 3704-0044 ...`; NBSPs are
//! spaces in the normalized view).

use super::class::{at, is, is_word, ALNUM, ALPHA, DIGIT};
use super::pass::Cx;
use super::Detector;

/// Country code and IBAN length, from the ISO 13616 registry.
const LENGTHS: &[u8] = b"AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30";

pub fn find(cx: &mut Cx, i: usize) {
    let v = cx.v;
    if !(is(at(v, i + 1), ALPHA) && is(at(v, i + 2), DIGIT) && is(at(v, i + 3), DIGIT)) {
        return;
    }
    let cc = [v[i].to_ascii_uppercase(), v[i + 1].to_ascii_uppercase()];
    let Some(len) = LENGTHS
        .chunks(4)
        .find(|e| e[..2] == cc)
        .map(|e| ((e[2] - b'0') * 10 + e[3] - b'0') as usize)
    else {
        return;
    };
    let mut iban = [0u8; 34];
    let (mut n, mut j) = (0, i);
    while n < len {
        let b = at(v, j);
        if is(b, ALNUM) {
            iban[n] = b.to_ascii_uppercase();
            n += 1;
            j += 1;
        } else if matches!(b, b' ' | b'-') && n > 0 && is(at(v, j + 1), ALNUM) {
            j += 1;
        } else {
            return;
        }
    }
    if !is_word(at(v, j)) && mod97(&iban[..len]) {
        cx.push(Detector::Iban, i, j);
    }
}

/// ISO 7064 MOD 97-10 over the IBAN rearranged with its first four characters last.
fn mod97(iban: &[u8]) -> bool {
    let mut rem = 0u32;
    for &b in iban[4..].iter().chain(&iban[..4]) {
        rem = if b.is_ascii_digit() {
            (rem * 10 + (b - b'0') as u32) % 97
        } else {
            (rem * 100 + (b - b'A') as u32 + 10) % 97
        };
    }
    rem == 1
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
