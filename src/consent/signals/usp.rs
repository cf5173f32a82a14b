//! IAB US Privacy strings (`1YNN`): version, notice given, opted out of sale, LSPA covered.

use super::bits::DecodeError;

/// Each flag is `Some(true)` for `Y`, `Some(false)` for `N`, `None` for `-` (not applicable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsPrivacy {
    pub notice: Option<bool>,
    pub opted_out_of_sale: Option<bool>,
    pub lspa_covered: Option<bool>,
}

/// Decodes a US Privacy string; any malformation is an error with its position.
pub fn decode(text: &str) -> Result<UsPrivacy, DecodeError> {
    match decode_partial(text) {
        (u, None) => Ok(u),
        (_, Some(e)) => Err(e),
    }
}

/// Reads what can be read: each flag of a version-1 string on its own, so a bad character
/// elsewhere does not hide an opt-out (`1YYX` still opts out). The first error is returned too.
pub fn decode_partial(text: &str) -> (UsPrivacy, Option<DecodeError>) {
    let err = |bit: usize, message: String| DecodeError {
        segment: 0,
        bit: bit * 6,
        message,
    };
    let mut u = UsPrivacy {
        notice: None,
        opted_out_of_sale: None,
        lspa_covered: None,
    };
    let b = text.trim().as_bytes();
    let mut error = None;
    if b.first() != Some(&b'1') {
        let got = b
            .first()
            .map_or("nothing".into(), |c| format!("{:?}", *c as char));
        return (
            u,
            Some(err(0, format!("unsupported US Privacy version {got}"))),
        );
    }
    if b.len() != 4 {
        error = Some(err(
            0,
            format!("US Privacy string must be 4 characters, got {}", b.len()),
        ));
    }
    let mut flag = |i: usize| match b.get(i) {
        Some(b'Y' | b'y') => Some(true),
        Some(b'N' | b'n') => Some(false),
        Some(b'-') | None => None,
        Some(c) => {
            error.get_or_insert(err(
                i,
                format!("expected Y, N or - at character {i}, got {:?}", *c as char),
            ));
            None
        }
    };
    u.notice = flag(1);
    u.opted_out_of_sale = flag(2);
    u.lspa_covered = flag(3);
    (u, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert_eq!(decode("1YYN").unwrap().opted_out_of_sale, Some(true));
        assert_eq!(
            decode("1YN-").unwrap(),
            UsPrivacy {
                notice: Some(true),
                opted_out_of_sale: Some(false),
                lspa_covered: None
            }
        );
        assert_eq!(decode("1---").unwrap().opted_out_of_sale, None);
        assert_eq!(decode("2YNN").unwrap_err().bit, 0);
        assert_eq!(decode("1YXN").unwrap_err().bit, 12);
        assert!(decode("1YN").is_err());
        // A bad character elsewhere does not hide the opt-out.
        let (u, e) = decode_partial("1XYX");
        assert_eq!((u.opted_out_of_sale, e.unwrap().bit), (Some(true), 6));
        assert_eq!(decode_partial("1YY").0.opted_out_of_sale, Some(true));
        assert!(decode_partial("").1.is_some());
        assert_eq!(decode_partial("2YYN").0.opted_out_of_sale, None);
    }
}
