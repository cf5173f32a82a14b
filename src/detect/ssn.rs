//! US Social Security numbers in the written `AAA-GG-SSSS` form (dashes or spaces).
//!
//! Area 000, 666 and 900-999, group 00 and serial 0000 are never issued. A bare nine-digit run
//! is not reported: too many ids look like it.

use super::util::{digit_run, first_group_end, followed_by_word, preceded_by_word};

/// Numbers printed on sample cards and in advertising, never valid.
const KNOWN_INVALID: [[u16; 3]; 2] = [[78, 5, 1120], [219, 9, 9999]];

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || preceded_by_word(bytes, i, b".-") {
            i += 1;
            continue;
        }
        let run = digit_run(bytes, i, b"- ", 9);
        if run.groups() == [3, 2, 4]
            && !followed_by_word(bytes, run.end, b"-")
            && valid(run.digits())
        {
            push(i, run.end);
            i = run.end;
        } else {
            i = first_group_end(&run, i);
        }
    }
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
    fn hits(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        super::find(text, &mut |s, e| out.push(&text[s..e]));
        out
    }

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
