//! HTTP Authorization credentials written out: `Bearer <token>` and `Basic <base64>`.
//!
//! `Basic` counts only when the base64 decodes to printable `user:password` with a non-empty
//! password. Segment authenticates with `Basic base64(writeKey:)`, an empty password: a public
//! project key, not a credential.

use super::class::{at, is, starts_with_ci, ALNUM};
use super::pass::Cx;
use super::Detector;
use crate::codec::base64;

/// After the scheme name: at least one of ` `, `:`, `=`, and where the credential starts.
fn credential_start(v: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while matches!(at(v, j), b' ' | b':' | b'=') {
        j += 1;
    }
    (j > i).then_some(j)
}

pub fn bearer(cx: &mut Cx, i: usize) {
    let v = cx.v;
    if !starts_with_ci(v, i, b"bearer") {
        return;
    }
    let Some(start) = credential_start(v, i + 6) else {
        return;
    };
    let mut end = start;
    while end < v.len() && (is(v[end], ALNUM) || b"-._~+/=".contains(&v[end])) {
        end += 1;
    }
    // `bearer=bearer=...` is one token: nothing restarts inside it.
    cx.resume(Detector::BearerToken, end);
    if end - start >= 12 {
        cx.push(Detector::BearerToken, start, end);
    }
}

pub fn basic(cx: &mut Cx, i: usize) {
    let v = cx.v;
    if !starts_with_ci(v, i, b"basic") {
        return;
    }
    let Some(start) = credential_start(v, i + 5) else {
        return;
    };
    let mut end = start;
    while end < v.len() && (is(v[end], ALNUM) || b"+/=".contains(&v[end])) {
        end += 1;
    }
    cx.resume(Detector::BasicAuth, end);
    if end - start < 8 || end - start > 1024 || is(at(v, end), ALNUM) {
        return;
    }
    let Some((raw, _)) = base64::decode(&v[start..end]) else {
        return;
    };
    let printable = raw.iter().all(|&b| b >= 0x20 && b != 0x7f);
    let password = raw
        .iter()
        .position(|&b| b == b':')
        .is_some_and(|c| c + 1 < raw.len());
    if printable && password {
        cx.push(Detector::BasicAuth, start, end);
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
