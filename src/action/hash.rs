//! Keyed hashing: HMAC-SHA256 with the site's key, truncated and prefixed.
//!
//! This is pseudonymization, not anonymization: whoever holds the key (or can feed chosen
//! inputs through the page) can link values. Rotation mixes an epoch derived from the event's
//! own timestamp into the message, so the same value hashes differently each day/week/month.

use crate::policy::{Normalize, Rotate};
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub struct HashSpec<'a> {
    pub normalize: Normalize,
    pub length: usize,
    pub prefix: &'a str,
    pub rotate: Rotate,
}

/// The epoch tag for `rotate` at unix time `secs`.
pub fn epoch(rotate: Rotate, secs: i64) -> Option<String> {
    let days = secs.div_euclid(86_400);
    match rotate {
        Rotate::None => None,
        Rotate::Day => Some(format!("d{days}")),
        // 1970-01-01 was a Thursday; ISO weeks start on Monday.
        Rotate::Week => Some(format!("w{}", (days + 3).div_euclid(7))),
        Rotate::Month => {
            let (y, m, _) = super::time::civil_from_days(days);
            Some(format!("m{y}-{m:02}"))
        }
    }
}

pub fn normalize(value: &str, how: Normalize) -> String {
    match how {
        Normalize::None => value.to_owned(),
        Normalize::Trim => value.trim().to_owned(),
        // ASCII case folding: domains are ASCII (punycode), and Unicode tables would cost ~10 KB.
        Normalize::Lower => value.to_ascii_lowercase(),
        Normalize::Email => value.trim().to_ascii_lowercase(),
        Normalize::Digits => value.chars().filter(char::is_ascii_digit).collect(),
    }
}

/// Whether `value` already is this spec's output, so hashing it again would change nothing
/// that matters and would break idempotence.
pub fn is_hashed(value: &str, spec: &HashSpec<'_>) -> bool {
    value.len() == spec.prefix.len() + spec.length
        && value.starts_with(spec.prefix)
        && value[spec.prefix.len()..]
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

pub fn hash(value: &str, spec: &HashSpec<'_>, key: &[u8], epoch: Option<&str>) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    if let Some(e) = epoch {
        mac.update(e.as_bytes());
        mac.update(&[0]);
    }
    mac.update(normalize(value, spec.normalize).as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(spec.prefix.len() + spec.length);
    out.push_str(spec.prefix);
    for b in digest.iter() {
        out.push(char::from(b"0123456789abcdef"[(b >> 4) as usize]));
        out.push(char::from(b"0123456789abcdef"[(b & 15) as usize]));
    }
    out.truncate(spec.prefix.len() + spec.length);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn spec(normalize: Normalize) -> HashSpec<'static> {
        HashSpec {
            normalize,
            length: 16,
            prefix: "h:",
            rotate: Rotate::None,
        }
    }

    #[test]
    fn known_answer() {
        // HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog")
        let s = HashSpec {
            normalize: Normalize::None,
            length: 64,
            prefix: "",
            rotate: Rotate::None,
        };
        assert_eq!(
            hash(
                "The quick brown fox jumps over the lazy dog",
                &s,
                b"key",
                None
            ),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn normalization_and_prefix() {
        let a = hash(" Jane.Doe@Example.com ", &spec(Normalize::Email), KEY, None);
        let b = hash("jane.doe@example.com", &spec(Normalize::Email), KEY, None);
        assert_eq!(a, b);
        assert!(a.starts_with("h:") && a.len() == 18);
        assert!(is_hashed(&a, &spec(Normalize::Email)));
        assert_ne!(
            a,
            hash(
                "jane.doe@example.com",
                &spec(Normalize::None),
                b"another key 123456",
                None
            )
        );
        assert_eq!(
            hash("+1 (415) 555-0132", &spec(Normalize::Digits), KEY, None),
            hash("14155550132", &spec(Normalize::Digits), KEY, None)
        );
    }

    #[test]
    fn rotation_epochs() {
        // 2026-11-22T14:33:00Z is a Sunday.
        let t = 1_795_357_980;
        assert_eq!(epoch(Rotate::Day, t).unwrap(), "d20779");
        assert_eq!(epoch(Rotate::Month, t).unwrap(), "m2026-11");
        assert_eq!(
            epoch(Rotate::Week, t),
            epoch(Rotate::Week, t - 6 * 86_400 + 3600)
        );
        assert_ne!(epoch(Rotate::Week, t), epoch(Rotate::Week, t + 86_400));
        let s = spec(Normalize::None);
        let d1 = hash("x", &s, KEY, epoch(Rotate::Day, t).as_deref());
        let d2 = hash("x", &s, KEY, epoch(Rotate::Day, t + 86_400).as_deref());
        assert_ne!(d1, d2);
    }
}
