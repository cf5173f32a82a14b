//! IMEIs: 15 digits with a known reporting-body prefix and a valid Luhn check digit.

use super::luhn;
use super::number::Run;
use super::pass::Cx;
use super::Detector;

/// Reporting body identifiers that issue TACs (the IMEI's first two digits).
const REPORTING_BODIES: &[u8] = &[
    1, 10, 30, 33, 35, 44, 45, 49, 50, 51, 52, 53, 54, 86, 91, 98, 99,
];

/// Printed shapes: compact, `AA-BBBBBB-CCCCCC-D` and `AABBBBBB-CCCCCC-D`.
const SHAPES: &[&[usize]] = &[&[15], &[2, 6, 6, 1], &[8, 6, 1]];

pub fn find(cx: &mut Cx, run: &Run) {
    let g = run.groups;
    let mut k = 0;
    while k < g.len() {
        let mut found = None;
        if run.starts(k) && (k > 0 || run.clean_start(cx.v)) {
            for shape in SHAPES {
                let m = k + shape.len() - 1;
                let fits = m < g.len()
                    && g[k..=m].iter().map(|x| x.len()).eq(shape.iter().copied())
                    && g[k + 1..=m]
                        .iter()
                        .all(|x| x.sep == g[m].sep && x.sep != super::number::Sep::Paren)
                    && run.ends(cx.v, m);
                let mut buf = [0; 20];
                if let Some(d) = fits
                    .then(|| run.digits(cx.v, k, m, None, &mut buf))
                    .flatten()
                {
                    if REPORTING_BODIES.contains(&(d[0] * 10 + d[1])) && luhn::valid(d) {
                        found = Some(m);
                    }
                }
            }
        }
        match found {
            Some(m) => {
                let (s, e) = run.span(k, m);
                cx.push(Detector::Imei, s, e);
                k = m + 1;
            }
            None => k += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    finder!(hits, Imei);

    #[test]
    fn table() {
        assert_eq!(hits("imei 490154203237518"), ["490154203237518"]);
        assert_eq!(hits("IMEI: 35-209900-176148-1"), ["35-209900-176148-1"]);
        assert_eq!(hits("0.1 490154203237518 0.14"), ["490154203237518"]);
        assert_eq!(
            hits("４９０１５４２０３２３７５１８"),
            ["４９０１５４２０３２３７５１８"]
        );
        assert!(hits("490154203237519").is_empty()); // Luhn
        assert!(hits("120154203237518").is_empty()); // reporting body
        assert!(hits("4901542032375180").is_empty()); // 16 digits
    }
}
