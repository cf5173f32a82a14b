//! US Social Security numbers: `AAA-GG-SSSS` with dashes, spaces or dots, or nine bare digits
//! after an SSN keyword.
//!
//! Area 000, 666 and 900-999, group 00 and serial 0000 are never issued. Nine bare digits
//! pass those rules nine times in ten, so without `ssn` or `social` in the 24 bytes before
//! them they are an id, not an SSN.

use super::class::ends_with_ci;
use super::number::{value, Run, Sep};
use super::pass::Cx;
use super::Detector;

/// Numbers printed on sample cards and in advertising, never valid.
const KNOWN_INVALID: [[u32; 3]; 2] = [[78, 5, 1120], [219, 9, 9999]];

pub fn find(cx: &mut Cx, run: &Run) {
    let g = run.groups;
    for k in 0..g.len() {
        if !run.starts(k) || (k == 0 && !run.clean_start(cx.v)) {
            continue;
        }
        let written = k + 2 < g.len()
            && [g[k].len(), g[k + 1].len(), g[k + 2].len()] == [3, 2, 4]
            && g[k + 1].sep == g[k + 2].sep
            && matches!(g[k + 1].sep, Sep::Dash | Sep::Space | Sep::Dot);
        let m = if written { k + 2 } else { k };
        let bare = !written && g[k].len() == 9 && keyword_before(cx.v, g[k].start);
        let mut buf = [0; 20];
        if (written || bare) && run.ends(cx.v, m) {
            let d = run.digits(cx.v, k, m, None, &mut buf).unwrap_or(&[]);
            if valid(d) {
                let (s, e) = run.span(k, m);
                cx.push(Detector::Ssn, s, e);
            }
        }
    }
}

fn keyword_before(v: &[u8], start: usize) -> bool {
    (start.saturating_sub(24)..start)
        .any(|end| ends_with_ci(v, end + 1, b"ssn") || ends_with_ci(v, end + 1, b"social"))
}

fn valid(d: &[u8]) -> bool {
    if d.len() != 9 {
        return false;
    }
    let (area, group, serial) = (value(&d[..3]), value(&d[3..5]), value(&d[5..]));
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && !KNOWN_INVALID.contains(&[area, group, serial])
}

#[cfg(test)]
mod tests {
    finder!(hits, Ssn);

    #[test]
    fn table() {
        assert_eq!(hits("ssn 123-45-6789."), ["123-45-6789"]);
        assert_eq!(hits("ssn 123 45 6789"), ["123 45 6789"]);
        assert_eq!(hits("ssn 123.45.6789"), ["123.45.6789"]);
        assert_eq!(hits("SSN: 123456789"), ["123456789"]);
        assert_eq!(hits("Social Security Number 123456789"), ["123456789"]);
        for bad in [
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "123-00-4567",
            "123-45-0000",
            "078-05-1120",
            "123456789",
            "order 123456789",
            "123-45-67890",
            "2026-11-22",
            "123-45 6789",
            "SSN: 900123456",
        ] {
            assert!(hits(bad).is_empty(), "{bad}");
        }
    }
}
