//! US Social Security numbers: `AAA-GG-SSSS` with dashes, spaces or dots, or nine bare digits
//! after an SSN keyword.
//!
//! Area 000, 666 and 900-999, group 00 and serial 0000 are never issued. Nine bare digits
//! pass those rules nine times in ten, so without `ssn` or `social` in the 24 bytes before
//! them they are an id, not an SSN.

use super::class::ends_with_ci;
use super::number::{value, Sep, Verdict, Window};

pub fn judge(w: &Window) -> Verdict {
    if !(w.spaced && w.clean()) {
        return Verdict::Done;
    }
    let start = w.run.groups.get(w.k).map_or(0, |g| g.start);
    let written = match w.lens {
        0x324 => w.all(Sep::Dash) || w.all(Sep::Space) || w.all(Sep::Dot),
        0x9 => (start.saturating_sub(24)..start)
            .any(|e| ends_with_ci(w.v, e + 1, b"ssn") || ends_with_ci(w.v, e + 1, b"social")),
        _ => false,
    };
    Verdict::of(
        w.ends && written && valid(w.d),
        matches!(w.lens, 0x3 | 0x32),
    )
}

/// Area, group and serial ever issued; not one of the numbers printed on sample cards.
fn valid(d: &[u8]) -> bool {
    let n = value(d);
    let (area, group, serial) = (n / 1_000_000, n / 10_000 % 100, n % 10_000);
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && (area, group, serial) != (78, 5, 1120)
        && (area, group, serial) != (219, 9, 9999)
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
