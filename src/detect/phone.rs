//! Phone numbers: international (`+` or `00` prefix) and common national formats.
//!
//! A bare run of digits is not a phone number here: epoch timestamps, order numbers and ids are
//! bare digit runs too. A national number needs separators in a known shape.

use super::util::{digit_run, preceded_by_word};

const SEPS: &[u8] = b" -.";

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b == b'+' || b == b'(' || b.is_ascii_digit()) || preceded_by_word(bytes, i, b".+-/:#$")
        {
            i += 1;
            continue;
        }
        match candidate(bytes, i) {
            Some(end) => {
                push(i, end);
                i = end;
            }
            None if b == b'(' => i += 1, // "(07542 058091)": the parenthesis only opens
            None => {
                // Skip the rest of this token so its digits do not start a candidate.
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                    i += 1;
                }
            }
        }
    }
}

/// The end of a phone number starting at `start`, if one starts there.
fn candidate(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    let plus = bytes[i] == b'+';
    if plus {
        i += 1;
    }
    // Groups: digits, optionally one parenthesised area code, joined by single separators.
    // Fixed buffers: a phone number has at most 15 digits; more fail below.
    let mut digit_buf = [0u8; 24];
    let mut n_digits = 0;
    let mut group_buf = [0usize; 8];
    let mut n_groups = 0;
    let mut seps = 0;
    let mut paren = false;
    let mut end;
    loop {
        if bytes.get(i) == Some(&b'(') && !paren {
            let run = digit_run(bytes, i + 1, &[], 5);
            if run.digits().is_empty() || bytes.get(run.end) != Some(&b')') {
                return None;
            }
            paren = true;
            if !push_group(
                run.digits(),
                &mut digit_buf,
                &mut n_digits,
                &mut group_buf,
                &mut n_groups,
            ) {
                return None;
            }
            i = run.end + 1;
        } else {
            let run = digit_run(bytes, i, &[], 15);
            if run.digits().is_empty() {
                return None;
            }
            if !push_group(
                run.digits(),
                &mut digit_buf,
                &mut n_digits,
                &mut group_buf,
                &mut n_groups,
            ) {
                return None;
            }
            i = run.end;
        }
        end = i;
        // A separator (space after ')' allowed) followed by another group continues the number.
        let next = bytes.get(i).copied();
        let after = bytes.get(i + 1).copied();
        if next.is_some_and(|b| SEPS.contains(&b))
            && after.is_some_and(|b| b.is_ascii_digit() || (b == b'(' && !paren))
        {
            seps += 1;
            i += 1;
        } else if bytes[i - 1] == b')' && next.is_some_and(|b| b.is_ascii_digit()) {
            // "(415)555-0132"
        } else {
            break;
        }
        if n_digits > 15 {
            return None;
        }
    }
    if bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        || (bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let (digits, groups) = (&digit_buf[..n_digits], &group_buf[..n_groups]);
    let n = digits.len();
    let ok = if plus {
        (8..=15).contains(&n) && digits[0] != 0 && (seps > 0 || n >= 10)
    } else if digits.starts_with(&[0, 0]) {
        (10..=15).contains(&n) && seps > 0
    } else if digits[0] == 0 {
        // Trunk-prefixed national numbers: "020 7946 0958", "07700 900123", "01 23 45 67 89".
        (9..=12).contains(&n) && (seps > 0 || paren) && groups.iter().all(|&g| g <= 8)
    } else {
        nanp(digits, groups, paren, seps)
    };
    ok.then_some(end)
}

/// Appends one group's digits; false when the buffers are full (too long to be a phone number).
fn push_group(
    group: &[u8],
    digits: &mut [u8; 24],
    n_digits: &mut usize,
    groups: &mut [usize; 8],
    n_groups: &mut usize,
) -> bool {
    if *n_groups == groups.len() || *n_digits + group.len() > digits.len() {
        return false;
    }
    digits[*n_digits..*n_digits + group.len()].copy_from_slice(group);
    *n_digits += group.len();
    groups[*n_groups] = group.len();
    *n_groups += 1;
    true
}

/// North American numbers: (415) 555-0132, 415-555-0132, 415.555.0132, 1 415 555 0132.
fn nanp(digits: &[u8], groups: &[usize], paren: bool, seps: usize) -> bool {
    let (digits, groups) = match groups {
        [1, rest @ ..] if digits[0] == 1 => (&digits[1..], rest),
        _ => (digits, groups),
    };
    digits.len() == 10
        && groups == [3, 3, 4]
        && (seps >= 2 || paren)
        && (2..=9).contains(&digits[0])
        && (2..=9).contains(&digits[3])
}

#[cfg(test)]
mod tests {
    finder!(hits, super::find);

    #[test]
    fn positives() {
        for p in [
            "+1 415 555 0132",
            "+14155550132",
            "+44 20 7946 0958",
            "+49 151 12345678",
            "(415) 555-0132",
            "(415)555-0132",
            "415-555-0132",
            "415.555.0132",
            "1-415-555-0132",
            "020 7946 0958",
            "07700 900123",
            "01 23 45 67 89",
            "0044 20 7946 0958",
            "+33 1 23 45 67 89",
        ] {
            let text = format!("call {p} now");
            assert_eq!(hits(&text), [p], "{p}");
        }
        // An opening parenthesis that is not an area code does not hide the number.
        assert_eq!(hits("(07542 058091)"), ["07542 058091"]);
        assert_eq!(hits("(1-618-507-7401)"), ["1-618-507-7401"]);
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
            "build 20261122.1",
        ] {
            assert!(hits(n).is_empty(), "{n}: {:?}", hits(n));
        }
    }
}
