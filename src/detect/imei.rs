//! IMEIs: 15 digits with a known reporting-body prefix and a valid Luhn check digit.

use super::luhn;
use super::util::{ends_number, find_digit_runs};

/// Reporting body identifiers that issue TACs (the IMEI's first two digits).
const REPORTING_BODIES: &[u8] = &[
    1, 10, 30, 33, 35, 44, 45, 49, 50, 51, 52, 53, 54, 86, 91, 98, 99,
];

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    // The whole run, or its leading groups: "490154203237518 0.14" holds an IMEI.
    let accept = |d: &[u8], groups: &[usize], end: usize, whole: bool| {
        let shape = groups.len() == 1 || groups == [2, 6, 6, 1] || groups == [8, 6, 1];
        shape
            && d.len() == 15
            && (!whole || ends_number(bytes, end))
            && REPORTING_BODIES.contains(&(d[0] * 10 + d[1]))
            && luhn::valid(d)
    };
    find_digit_runs(text, b" -/", 40, accept, push);
}

#[cfg(test)]
mod tests {
    finder!(hits, super::find);

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
