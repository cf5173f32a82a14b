//! Secrets with a recognisable shape: cloud and SaaS keys, private keys, bearer tokens.

use super::util::{find_all, followed_by_word, preceded_by_word};
use super::{Detector, DetectorSet};

fn token_end(bytes: &[u8], start: usize, ok: impl Fn(u8) -> bool) -> usize {
    let mut i = start;
    while i < bytes.len() && ok(bytes[i]) {
        i += 1;
    }
    i
}

/// The secret detectors whose prefix occurs somewhere in `bytes`, in one pass: each detector
/// then runs only on strings that hold its prefix.
pub fn present(bytes: &[u8]) -> DetectorSet {
    let mut set = DetectorSet::default();
    let at = |i: usize, p: &[u8]| bytes[i..].starts_with(p);
    for i in 0..bytes.len() {
        match bytes[i] {
            b'A' => {
                if at(i, b"AKIA") || at(i, b"ASIA") || at(i, b"ABIA") || at(i, b"ACCA") {
                    set.insert(Detector::AwsKey);
                }
                if at(i, b"AIza") {
                    set.insert(Detector::GoogleApiKey);
                }
            }
            b'g' if at(i, b"gh") || at(i, b"github_pat_") => set.insert(Detector::GithubToken),
            b's' | b'r' if at(i + 1, b"k_live_") => set.insert(Detector::StripeKey),
            b'x' if at(i, b"xox") || at(i, b"xapp-") => set.insert(Detector::SlackToken),
            b'b' | b'B'
                if bytes.len() - i >= 6 && bytes[i..i + 6].eq_ignore_ascii_case(b"bearer") =>
            {
                set.insert(Detector::BearerToken)
            }
            b'-' if at(i, b"-----BEGIN ") => set.insert(Detector::PrivateKey),
            _ => {}
        }
    }
    set
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Finds any of `prefixes` at a word start followed by a body of `ok` bytes whose length is in
/// `lens`. One pass over the text for all the prefixes.
fn prefixed(
    text: &str,
    prefixes: &[&[u8]],
    ok: impl Fn(u8) -> bool + Copy,
    lens: std::ops::RangeInclusive<usize>,
    push: &mut impl FnMut(usize, usize),
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let found = prefixes
            .iter()
            .find(|p| p[0] == b && bytes[i..].starts_with(p));
        if let Some(prefix) = found.filter(|_| !preceded_by_word(bytes, i, b"")) {
            let body = i + prefix.len();
            let end = token_end(bytes, body, ok);
            if lens.contains(&(end - body)) && !followed_by_word(bytes, end, b"") {
                push(i, end);
                i = end;
                continue;
            }
        }
        i += 1;
    }
}

pub fn aws_keys(text: &str, push: &mut impl FnMut(usize, usize)) {
    let upper = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    prefixed(
        text,
        &[b"AKIA", b"ASIA", b"ABIA", b"ACCA"],
        upper,
        16..=16,
        push,
    );
}

pub fn github_tokens(text: &str, push: &mut impl FnMut(usize, usize)) {
    prefixed(
        text,
        &[b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_"],
        alnum,
        36..=36,
        push,
    );
    prefixed(
        text,
        &[b"github_pat_"],
        |b| alnum(b) || b == b'_',
        82..=82,
        push,
    );
}

pub fn stripe_keys(text: &str, push: &mut impl FnMut(usize, usize)) {
    prefixed(text, &[b"sk_live_", b"rk_live_"], alnum, 24..=247, push);
}

pub fn slack_tokens(text: &str, push: &mut impl FnMut(usize, usize)) {
    prefixed(
        text,
        &[
            b"xoxb-", b"xoxp-", b"xoxa-", b"xoxr-", b"xoxs-", b"xoxe-", b"xapp-",
        ],
        |b| alnum(b) || b == b'-',
        10..=250,
        push,
    );
}

pub fn google_api_keys(text: &str, push: &mut impl FnMut(usize, usize)) {
    prefixed(
        text,
        &[b"AIza"],
        |b| alnum(b) || b == b'-' || b == b'_',
        35..=35,
        push,
    );
}

/// PEM private key blocks, from BEGIN to END (or to the end of the text if END is missing).
pub fn private_keys(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut from = 0;
    for start in find_all(bytes, b"-----BEGIN ") {
        if start < from {
            continue;
        }
        let line_end = find_all(&bytes[start + 11..], b"-----")
            .next()
            .map(|p| start + 11 + p);
        let Some(label_end) = line_end else { continue };
        if !bytes[start + 11..label_end].ends_with(b"PRIVATE KEY") {
            continue;
        }
        let end = find_all(&bytes[label_end..], b"-----END ")
            .next()
            .and_then(|p| {
                let e = label_end + p + 9;
                find_all(&bytes[e..], b"-----").next().map(|q| e + q + 5)
            })
            .unwrap_or(bytes.len());
        push(start, end);
        from = end;
    }
}

/// The token after `Bearer ` (any case), at least 12 characters of the RFC 6750 alphabet.
pub fn bearer_tokens(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    if bytes.len() < 19 {
        return;
    }
    for start in 0..bytes.len().saturating_sub(5) {
        if !matches!(bytes[start], b'b' | b'B')
            || !bytes[start..start + 6].eq_ignore_ascii_case(b"bearer")
            || preceded_by_word(bytes, start, b"")
        {
            continue;
        }
        let mut i = start + 6;
        let spaces = token_end(bytes, i, |b| b == b' ' || b == b'=' || b == b':');
        if spaces == i {
            continue;
        }
        i = spaces;
        let end = token_end(bytes, i, |b| alnum(b) || b"-._~+/=".contains(&b));
        if end - i >= 12 {
            push(i, end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Finder = fn(&str, &mut dyn FnMut(usize, usize));

    fn hits(find: Finder, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        find(text, &mut |s, e| out.push(text[s..e].to_owned()));
        out
    }

    #[test]
    fn table() {
        let gh = format!("ghp_{}", "a1B2".repeat(9));
        let google = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
        let cases: Vec<(Finder, String, Option<&str>)> = vec![
            (
                |t, p| aws_keys(t, &mut |s, e| p(s, e)),
                "id AKIAIOSFODNN7EXAMPLE.".into(),
                Some("AKIAIOSFODNN7EXAMPLE"),
            ),
            (
                |t, p| aws_keys(t, &mut |s, e| p(s, e)),
                "AKIAIOSFODNN7EXAMPLEX".into(),
                None,
            ),
            (
                |t, p| github_tokens(t, &mut |s, e| p(s, e)),
                gh.clone(),
                Some(&gh),
            ),
            (
                |t, p| stripe_keys(t, &mut |s, e| p(s, e)),
                "sk_live_4eC39HqLyjWDarjtT1zdp7dc".into(),
                Some("sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
            ),
            (
                |t, p| stripe_keys(t, &mut |s, e| p(s, e)),
                "sk_test_4eC39HqLyjWDarjtT1zdp7dc".into(),
                None,
            ),
            (
                |t, p| slack_tokens(t, &mut |s, e| p(s, e)),
                "xoxb-123456789012-abcdefABCDEF".into(),
                Some("xoxb-123456789012-abcdefABCDEF"),
            ),
            (
                |t, p| google_api_keys(t, &mut |s, e| p(s, e)),
                google.into(),
                Some(google),
            ),
            (
                |t, p| private_keys(t, &mut |s, e| p(s, e)),
                format!("k={pem} x"),
                Some(pem),
            ),
            (
                |t, p| private_keys(t, &mut |s, e| p(s, e)),
                "-----BEGIN CERTIFICATE-----".into(),
                None,
            ),
            (
                |t, p| bearer_tokens(t, &mut |s, e| p(s, e)),
                "Authorization: Bearer abcDEF123456789.xyz".into(),
                Some("abcDEF123456789.xyz"),
            ),
            (
                |t, p| bearer_tokens(t, &mut |s, e| p(s, e)),
                "bearer of bad news today".into(),
                None,
            ),
        ];
        for (find, text, want) in cases {
            let want: Vec<String> = want.into_iter().map(str::to_owned).collect();
            assert_eq!(hits(find, &text), want, "{text}");
        }
    }
}
