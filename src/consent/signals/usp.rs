//! IAB US Privacy strings (`1YNN`): version, notice given, opted out of sale, LSPA covered.

use super::bits::DecodeError;

/// Each flag is `Some(true)` for `Y`, `Some(false)` for `N`, `None` for `-` (not applicable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsPrivacy {
    pub notice: Option<bool>,
    pub opted_out_of_sale: Option<bool>,
    pub lspa_covered: Option<bool>,
}

pub fn decode(text: &str) -> Result<UsPrivacy, DecodeError> {
    let err = |bit: usize, message: String| DecodeError {
        segment: 0,
        bit: bit * 6,
        message,
    };
    let b = text.trim().as_bytes();
    if b.len() != 4 {
        return Err(err(
            0,
            format!("US Privacy string must be 4 characters, got {}", b.len()),
        ));
    }
    if b[0] != b'1' {
        return Err(err(
            0,
            format!("unsupported US Privacy version {:?}", b[0] as char),
        ));
    }
    let flag = |i: usize| match b[i] {
        b'Y' | b'y' => Ok(Some(true)),
        b'N' | b'n' => Ok(Some(false)),
        b'-' => Ok(None),
        c => Err(err(
            i,
            format!("expected Y, N or - at character {i}, got {:?}", c as char),
        )),
    };
    Ok(UsPrivacy {
        notice: flag(1)?,
        opted_out_of_sale: flag(2)?,
        lspa_covered: flag(3)?,
    })
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
    }
}
