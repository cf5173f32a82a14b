//! Timestamps: coarsening ISO 8601 strings and epoch numbers, and reading an event's time.

use crate::policy::TimeUnit;

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp as i64 + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

/// The byte offsets of an ISO 8601 date-time's fields, if `s` is one.
struct Iso {
    /// Offsets of the hour, minute and second fields (2 digits each), if present.
    hour: Option<usize>,
    minute: Option<usize>,
    second: Option<usize>,
    /// Range of fractional-second digits.
    fraction: Option<(usize, usize)>,
    ymd: (i64, u32, u32),
    hms: (u32, u32, u32),
    offset_secs: i64,
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let s = b.get(at..at + n)?;
    s.iter()
        .all(u8::is_ascii_digit)
        .then(|| s.iter().fold(0, |a, &d| a * 10 + (d - b'0') as u32))
}

fn parse_iso(s: &str) -> Option<Iso> {
    let b = s.as_bytes();
    let y = digits(b, 0, 4)?;
    let (m, d) = (digits(b, 5, 2)?, digits(b, 8, 2)?);
    if b[4] != b'-' || b[7] != b'-' || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut iso = Iso {
        hour: None,
        minute: None,
        second: None,
        fraction: None,
        ymd: (y as i64, m, d),
        hms: (0, 0, 0),
        offset_secs: 0,
    };
    let mut i = 10;
    if i < b.len() && (b[i] == b'T' || b[i] == b' ') {
        let h = digits(b, i + 1, 2)?;
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        let mi = digits(b, i + 4, 2)?;
        iso.hour = Some(i + 1);
        iso.minute = Some(i + 4);
        i += 6;
        let mut sec = 0;
        if b.get(i) == Some(&b':') {
            sec = digits(b, i + 1, 2)?;
            iso.second = Some(i + 1);
            i += 3;
            if b.get(i) == Some(&b'.') {
                let start = i + 1;
                i = start;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                if i == start {
                    return None;
                }
                iso.fraction = Some((start, i));
            }
        }
        if h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        iso.hms = (h, mi, sec);
        match b.get(i) {
            None => {}
            Some(b'Z') if i + 1 == b.len() => i += 1,
            Some(&sign @ (b'+' | b'-')) => {
                let oh = digits(b, i + 1, 2)?;
                let om = match b.get(i + 3) {
                    Some(b':') => digits(b, i + 4, 2)?,
                    _ => digits(b, i + 3, 2)?,
                };
                let secs = (oh * 3600 + om * 60) as i64;
                iso.offset_secs = if sign == b'+' { secs } else { -secs };
                i = b.len();
            }
            _ => return None,
        }
    }
    (i == b.len()).then_some(iso)
}

/// Unix seconds of an ISO 8601 string.
fn iso_to_unix(iso: &Iso) -> i64 {
    let (y, m, d) = iso.ymd;
    let (h, mi, s) = iso.hms;
    days_from_civil(y, m, d) * 86_400 + (h * 3600 + mi * 60 + s) as i64 - iso.offset_secs
}

/// The scale of an epoch number: digits of its integer part decide s, ms, us or ns.
fn epoch_scale(int_digits: usize) -> Option<i64> {
    match int_digits {
        0..=11 => Some(1),
        12..=14 => Some(1_000),
        15..=17 => Some(1_000_000),
        18..=20 => Some(1_000_000_000),
        _ => None,
    }
}

/// Parses `text` as a non-negative epoch number, returning (integer part, scale).
fn parse_epoch(text: &str) -> Option<(i64, i64)> {
    let int = text.split('.').next()?;
    let frac = text.get(int.len() + 1..).unwrap_or("");
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if text.contains('.') && frac.is_empty() {
        return None;
    }
    Some((int.parse().ok()?, epoch_scale(int.len())?))
}

/// Unix seconds of a timestamp value: ISO 8601 text, or epoch s/ms/us/ns as a number or text.
pub fn unix_seconds(text: &str) -> Option<i64> {
    if let Some(iso) = parse_iso(text) {
        return Some(iso_to_unix(&iso));
    }
    let (int, scale) = parse_epoch(text)?;
    Some(int / scale)
}

fn unit_secs(unit: TimeUnit) -> i64 {
    match unit {
        TimeUnit::Minute => 60,
        TimeUnit::Hour => 3600,
        TimeUnit::Day => 86_400,
    }
}

/// Coarsens a timestamp to `unit`, keeping its shape: ISO stays ISO (fields below the unit
/// zeroed), epoch numbers stay in their scale. None if `text` is not a timestamp.
pub fn coarsen(text: &str, unit: TimeUnit) -> Option<String> {
    if let Some(iso) = parse_iso(text) {
        let mut out = text.as_bytes().to_vec();
        let zero = |out: &mut Vec<u8>, at: Option<usize>, n: usize| {
            if let Some(at) = at {
                out[at..at + n].fill(b'0');
            }
        };
        if let Some((s, e)) = iso.fraction {
            out[s..e].fill(b'0');
        }
        zero(&mut out, iso.second, 2);
        if unit != TimeUnit::Minute {
            zero(&mut out, iso.minute, 2);
        }
        if unit == TimeUnit::Day {
            zero(&mut out, iso.hour, 2);
        }
        return String::from_utf8(out).ok();
    }
    let (int, scale) = parse_epoch(text)?;
    let step = unit_secs(unit) * scale;
    Some((int - int % step).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-719_468, -1, 0, 1, 20_779, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
    }

    #[test]
    fn coarsening() {
        let cases = [
            (
                "2026-11-22T14:33:00.794Z",
                TimeUnit::Minute,
                "2026-11-22T14:33:00.000Z",
            ),
            (
                "2026-11-22T14:33:27.794Z",
                TimeUnit::Hour,
                "2026-11-22T14:00:00.000Z",
            ),
            (
                "2026-11-22T14:33:27+02:00",
                TimeUnit::Day,
                "2026-11-22T00:00:00+02:00",
            ),
            ("2026-11-22 14:33", TimeUnit::Hour, "2026-11-22 14:00"),
            ("2026-11-22", TimeUnit::Day, "2026-11-22"),
            ("1795357980827", TimeUnit::Minute, "1795357980000"),
            ("1795357980.827", TimeUnit::Hour, "1795356000"),
            ("1795358047025000000", TimeUnit::Day, "1795305600000000000"),
        ];
        for (input, unit, want) in cases {
            let got = coarsen(input, unit).unwrap();
            assert_eq!(got, want, "{input}");
            assert_eq!(coarsen(&got, unit).unwrap(), got, "idempotent: {input}");
        }
        for bad in [
            "yesterday",
            "2026-13-01",
            "2026-11-22T25:00",
            "12ab",
            "1.",
            "-5",
            "2026-11-22Tx",
        ] {
            assert_eq!(coarsen(bad, TimeUnit::Hour), None, "{bad}");
        }
    }

    #[test]
    fn unix_seconds_of_each_shape() {
        assert_eq!(
            unix_seconds("2026-11-22T14:33:00.794Z"),
            Some(1_795_357_980)
        );
        assert_eq!(
            unix_seconds("2026-11-22T16:33:00+02:00"),
            Some(1_795_357_980)
        );
        assert_eq!(unix_seconds("1795357980827"), Some(1_795_357_980));
        assert_eq!(unix_seconds("1795357980.827"), Some(1_795_357_980));
    }
}
