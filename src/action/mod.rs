//! The transformations a rule can apply to a value. Each is a pure function of the value and
//! its spec; the engine decides where they run and records what they did.

pub mod hash;
pub mod ip;
pub mod mask;
pub mod time;
pub mod url;
pub mod user_agent;

use crate::policy::Action;

/// What an action that needs nothing but the value made of a string or number.
#[derive(Debug, PartialEq)]
pub enum Applied {
    /// The value stays as it is.
    Same,
    /// The value to write instead, as a JSON number when `number`.
    Value { text: String, number: bool },
    /// The value could not be read: it is replaced by the fail token, for this reason.
    Unreadable,
}

/// Applies `mask`, `ip`, `time`, `user_agent` or `bucket` to a string (or a number, `is_num`).
/// None for the actions that need more than the value (the engine runs them: `keep` and
/// `truncate` scan, `hash` needs the key, `url` scans its parts; `drop` and `replace` act on
/// the field).
pub fn apply_value(action: &Action, text: &str, is_num: bool) -> Option<Applied> {
    let as_string = |text| Applied::Value {
        text,
        number: false,
    };
    Some(match action {
        Action::Mask {
            keep_last,
            mask_char,
            preserve_length,
        } => as_string(mask::mask(text, *keep_last, *mask_char, *preserve_length)),
        // A server-side placeholder such as Amplitude's "$remote" is not an address.
        Action::Ip { .. } if text.starts_with('$') => Applied::Same,
        Action::Ip {
            v4_prefix,
            v6_prefix,
        } => ip::truncate(text, *v4_prefix, *v6_prefix).map_or(Applied::Unreadable, as_string),
        Action::Time { unit } => match time::coarsen(text, *unit) {
            Some(t) => Applied::Value {
                text: t,
                number: is_num,
            },
            None => Applied::Unreadable,
        },
        Action::UserAgent => as_string(user_agent::reduce(text)),
        Action::Bucket { size, bounds } => match crate::json::parse_number(text) {
            Some(x) => Applied::Value {
                text: format_number(bucket(x, *size, bounds.as_deref())),
                number: is_num,
            },
            None => Applied::Unreadable,
        },
        Action::Keep
        | Action::Truncate { .. }
        | Action::Hash { .. }
        | Action::Url { .. }
        | Action::Drop
        | Action::Replace { .. } => return None,
    })
}

/// The first `max` characters of `s`.
pub fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Rounds `x` down to a multiple of `size`, or to the largest bound not above it (values below
/// the first bound go to the first bound).
pub fn bucket(x: f64, size: Option<f64>, bounds: Option<&[f64]>) -> f64 {
    match (size, bounds) {
        (Some(size), _) => (x / size).floor() * size,
        (None, Some(bounds)) => bounds
            .iter()
            .rev()
            .find(|&&b| b <= x)
            .copied()
            .unwrap_or(bounds[0]),
        (None, None) => x,
    }
}

/// Formats a number as JSON: integers without a fraction, others with up to six decimals.
pub fn format_number(x: f64) -> String {
    let neg = x < 0.0;
    let a = x.abs();
    if a >= 9.0e15 {
        return if neg {
            "-9000000000000000".into()
        } else {
            "9000000000000000".into()
        };
    }
    let scaled = (a * 1e6).round() as u64;
    let (int, frac) = (scaled / 1_000_000, scaled % 1_000_000);
    let mut out = String::new();
    if neg && scaled != 0 {
        out.push('-');
    }
    out.push_str(&int.to_string());
    if frac != 0 {
        let digits = format!("{frac:06}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_number;

    #[test]
    fn truncate_counts_characters() {
        assert_eq!(truncate("héllo", 2), "hé");
        assert_eq!(truncate("hi", 5), "hi");
    }

    #[test]
    fn buckets() {
        assert_eq!(bucket(42.0, Some(10.0), None), 40.0);
        assert_eq!(bucket(-1.0, Some(10.0), None), -10.0);
        assert_eq!(bucket(42.0, None, Some(&[0.0, 10.0, 100.0])), 10.0);
        assert_eq!(bucket(-5.0, None, Some(&[0.0, 10.0])), 0.0);
        assert_eq!(format_number(40.0), "40");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(-12.25), "-12.25");
        assert_eq!(parse_number("1795357980.827"), Some(1795357980.827));
        assert_eq!(parse_number("-2.5e2"), Some(-250.0));
        assert_eq!(parse_number("12"), Some(12.0));
        for bad in ["", "x", "1.", ".5", "1e", "--1"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}
