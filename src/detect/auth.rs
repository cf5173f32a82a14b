//! HTTP Authorization credentials written out: `Bearer <token>` and `Basic <base64>`.
//!
//! `Basic` counts only when the base64 decodes to printable `user:password` with a non-empty
//! password. Segment authenticates with `Basic base64(writeKey:)`, an empty password: a public
//! project key, not a credential.

use super::class::{at, is, starts_with_ci, ALNUM};
use super::pass::Cx;
use super::Detector;
use crate::base64;

/// At a word start: `d`'s scheme name, at least one of ` :=`, then the credential, read once
/// (`bearer=bearer=...` is one token: nothing restarts inside it).
pub fn find(cx: &mut Cx, i: usize, d: Detector) {
    let v = cx.v;
    let (name, extra): (&[u8], &[u8]) = match d {
        Detector::BearerToken => (b"bearer", b"-._~+/="),
        _ => (b"basic", b"+/="),
    };
    if !starts_with_ci(v, i, name) {
        return;
    }
    let mut start = i + name.len();
    while matches!(at(v, start), b' ' | b':' | b'=') {
        start += 1;
    }
    let mut end = start;
    while end < v.len() && (is(v[end], ALNUM) || extra.contains(&v[end])) {
        end += 1;
    }
    cx.resume(d, end);
    let len = end - start;
    let found = if start == i + name.len() || is(at(v, end), ALNUM) {
        false
    } else if d == Detector::BearerToken {
        len >= 12
    } else {
        let raw = v
            .get(start..end)
            .and_then(base64::decode)
            .map_or(Vec::new(), |(raw, _)| raw);
        let colon = raw.iter().position(|&b| b == b':').unwrap_or(raw.len());
        len >= 8 && colon + 1 < raw.len() && raw.iter().all(|&b| b >= 0x20 && b != 0x7f)
    };
    if found {
        cx.push(d, start, end);
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::{spans, Detector, DetectorSet};

    #[test]
    fn bearer() {
        let hits = |t: &str| spans(t, DetectorSet::only(Detector::BearerToken));
        assert_eq!(
            hits("Authorization: Bearer abcDEF123456789.xyz"),
            ["abcDEF123456789.xyz"]
        );
        assert_eq!(
            hits("authorization=bearer%20abcDEF123456789"),
            ["abcDEF123456789"]
        );
        assert!(hits("bearer of bad news today").is_empty());
        assert!(hits("Bearer undefined").is_empty());
        let nested = "bearer=".repeat(10);
        assert_eq!(hits(&nested), [&nested[7..]]);
    }

    #[test]
    fn basic() {
        let hits = |t: &str| spans(t, DetectorSet::only(Detector::BasicAuth));
        // jane:s3cret
        assert_eq!(
            hits("Authorization: Basic amFuZTpzM2NyZXQ="),
            ["amFuZTpzM2NyZXQ="]
        );
        // Segment: base64("writeKeyABC123:"), an empty password.
        assert!(hits("Authorization: Basic d3JpdGVLZXlBQkMxMjM6").is_empty());
        assert!(hits("basic understanding of it").is_empty());
        assert!(hits("Basic dXNlcm5hbWU=").is_empty()); // no colon
    }
}
