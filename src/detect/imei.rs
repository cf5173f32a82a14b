//! IMEIs: 15 digits with a known reporting-body prefix and a valid Luhn check digit.

use super::luhn;
use super::util::{digit_run, first_group_end, followed_by_word, preceded_by_word};

/// Reporting body identifiers that issue TACs (the IMEI's first two digits).
const REPORTING_BODIES: &[u8] = &[
    1, 10, 30, 33, 35, 44, 45, 49, 50, 51, 52, 53, 54, 86, 91, 98, 99,
];

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || preceded_by_word(bytes, i, b".-") {
            i += 1;
            continue;
        }
        let run = digit_run(bytes, i, b" -/", 40);
        // The whole run, or its leading groups: "490154203237518 0.14" holds an IMEI.
        let found = (1..=run.groups().len()).rev().find_map(|k| {
            let groups = &run.groups()[..k];
            let end = run.ends()[k - 1];
            let n: usize = groups.iter().sum();
            let shape_ok = k == 1 || groups == [2, 6, 6, 1] || groups == [8, 6, 1];
            let bounded = k < run.groups().len()
                || !(followed_by_word(bytes, end, b"")
                    || bytes.get(end) == Some(&b'.')
                        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit));
            let d = &run.digits()[..n];
            (shape_ok
                && bounded
                && n == 15
                && REPORTING_BODIES.contains(&(d[0] * 10 + d[1]))
                && luhn::valid(d))
            .then_some(end)
        });
        match found {
            Some(end) => {
                push(i, end);
                i = end;
            }
            None => i = first_group_end(&run, i),
        }
    }
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
        assert_eq!(hits("imei 490154203237518"), ["490154203237518"]);
        assert_eq!(hits("IMEI: 35-209900-176148-1"), ["35-209900-176148-1"]);
        assert_eq!(hits("0.1 490154203237518 0.14"), ["490154203237518"]);
        assert!(hits("490154203237519").is_empty()); // Luhn
        assert!(hits("120154203237518").is_empty()); // reporting body
        assert!(hits("4901542032375180").is_empty()); // 16 digits
    }
}
