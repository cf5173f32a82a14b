//! US Social Security numbers in the written `AAA-GG-SSSS` form (dashes or spaces).
//!
//! Area 000, 666 and 900-999, group 00 and serial 0000 are never issued. A bare nine-digit run
//! is not reported: too many ids look like it.

use super::util::{find_digit_runs, followed_by_word};

/// Numbers printed on sample cards and in advertising, never valid.
const KNOWN_INVALID: [[u16; 3]; 2] = [[78, 5, 1120], [219, 9, 9999]];

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let accept = |d: &[u8], groups: &[usize], end: usize, whole: bool| {
        whole && groups == [3, 2, 4] && !followed_by_word(bytes, end, b"-") && valid(d)
    };
    find_digit_runs(text, b"- ", 9, accept, push);
}

fn valid(d: &[u8]) -> bool {
    let num = |s: &[u8]| s.iter().fold(0u16, |acc, &x| acc * 10 + x as u16);
    let (area, group, serial) = (num(&d[..3]), num(&d[3..5]), num(&d[5..]));
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && !KNOWN_INVALID.contains(&[area, group, serial])
}

#[cfg(test)]
mod tests {
    finder!(hits, super::find);

    #[test]
    fn table() {
        assert_eq!(hits("ssn 123-45-6789."), ["123-45-6789"]);
        assert_eq!(hits("ssn 123 45 6789"), ["123 45 6789"]);
        for bad in [
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "123-00-4567",
            "123-45-0000",
            "078-05-1120",
            "123456789",
            "123-45-67890",
            "2026-11-22",
            "123-45 6789",
        ] {
            assert!(hits(bad).is_empty(), "{bad}");
        }
    }
}
