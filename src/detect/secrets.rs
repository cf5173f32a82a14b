//! Keys with a recognisable prefix (cloud and SaaS credentials), and AWS secret access keys
//! next to their key id.
//!
//! Each finder reads the token body once and the pass resumes after it, so a string of
//! repeated prefixes (`AKIAAKIAAKIA...`, `xoxb-xoxb-...`) costs one read of each byte.

use super::class::{at, before, is, ALNUM, B64URL_EXTRA, CLASS, DIGIT, LOWER, UPPER};
use super::pass::Cx;
use super::{Detector, Hit, Source};

/// `(detector, prefix, body classes, a byte the body may not hold, shortest and longest
/// body)`, from each vendor's documented format.
/// `(detector, prefix, body classes, excluded byte, shortest, longest)`.
type Prefixed = (Detector, &'static [u8], u16, u8, u8, u8);

const PREFIXED: [Prefixed; 20] = [
    (Detector::AwsKey, b"AKIA", UPPER | DIGIT, 0, 16, 16),
    (Detector::AwsKey, b"ASIA", UPPER | DIGIT, 0, 16, 16),
    (Detector::AwsKey, b"ABIA", UPPER | DIGIT, 0, 16, 16),
    (Detector::AwsKey, b"ACCA", UPPER | DIGIT, 0, 16, 16),
    (
        Detector::GoogleApiKey,
        b"AIza",
        ALNUM | B64URL_EXTRA,
        0,
        35,
        35,
    ),
    (Detector::GithubToken, b"ghp_", ALNUM, 0, 36, 36),
    (Detector::GithubToken, b"gho_", ALNUM, 0, 36, 36),
    (Detector::GithubToken, b"ghu_", ALNUM, 0, 36, 36),
    (Detector::GithubToken, b"ghs_", ALNUM, 0, 36, 36),
    (Detector::GithubToken, b"ghr_", ALNUM, 0, 36, 36),
    (
        Detector::GithubToken,
        b"github_pat_",
        ALNUM | B64URL_EXTRA,
        b'-',
        82,
        82,
    ),
    (Detector::StripeKey, b"sk_live_", ALNUM, 0, 24, 247),
    (Detector::StripeKey, b"rk_live_", ALNUM, 0, 24, 247),
    (
        Detector::SlackToken,
        b"xoxb-",
        ALNUM | B64URL_EXTRA,
        b'_',
        10,
        250,
    ),
    (
        Detector::SlackToken,
        b"xoxp-",
        ALNUM | B64URL_EXTRA,
        b'_',
        10,
        250,
    ),
    (
        Detector::SlackToken,
        b"xoxa-",
        ALNUM | B64URL_EXTRA,
        b'_',
        10,
        250,
    ),
    (
        Detector::SlackToken,
        b"xoxr-",
        ALNUM | B64URL_EXTRA,
        b'_',
        10,
        250,
    ),
    (
        Detector::SlackToken,
        b"xoxs-",
        ALNUM | B64URL_EXTRA,
        b'_',
        10,
        250,
    ),
    (
        Detector::SlackToken,
        b"xoxe-",
        ALNUM | B64URL_EXTRA,
        b'_',
        10,
        250,
    ),
    (
        Detector::SlackToken,
        b"xapp-",
        ALNUM | B64URL_EXTRA,
        b'_',
        10,
        250,
    ),
];

/// Looks for `d`'s prefixes at the word start `i`.
pub fn find(cx: &mut Cx, i: usize, d: Detector) {
    let v = cx.v;
    let rest = v.get(i..).unwrap_or(&[]);
    if before(v, i) == b'_' {
        return;
    }
    for (det, prefix, body, not, min, max) in PREFIXED {
        if det != d || !rest.starts_with(prefix) {
            continue;
        }
        let from = i + prefix.len();
        let mut end = from;
        while end < v.len() && is(v[end], body) && v[end] != not {
            end += 1;
        }
        // Nothing of `d` starts before the body's end: its bytes are not word starts.
        cx.resume(d, end);
        let len = end - from;
        if len >= min as usize && len <= max as usize && !is(at(v, end), ALNUM) {
            cx.push(d, i, end);
        }
        return;
    }
}

/// How far from a key id its secret may be (bytes between the two).
const NEAR: usize = 256;

/// AWS secret access keys: 40 characters of `A-Za-z0-9/+` with upper case, lower case and a
/// digit, within [`NEAR`] bytes of an access key id already found. Runs after the pass, once,
/// only when it found a key id: one read of the text and of the hits.
pub fn aws_secrets(cx: &mut Cx) {
    let v = cx.v;
    let ids = cx.hits.len();
    let is_id = |h: &Hit| h.source == Source::Builtin(Detector::AwsKey);
    if !cx.hits.iter().any(is_id) {
        return;
    }
    let (mut i, mut next) = (0, 0);
    while i < v.len() {
        let start = i;
        let mut kinds = 0;
        while i < v.len() && (is(v[i], ALNUM) || v[i] == b'/' || v[i] == b'+') {
            kinds |= CLASS[v[i] as usize] & (UPPER | LOWER | DIGIT);
            i += 1;
        }
        if i - start == 40 && kinds == UPPER | LOWER | DIGIT && at(v, i) != b'=' {
            // Key ids before this token and too far from it are passed for good.
            while let Some(h) = cx.hits.get(next).filter(|_| next < ids) {
                if is_id(h) && h.end + NEAR >= start {
                    break;
                }
                next += 1;
            }
            if next < ids && cx.hits.get(next).is_some_and(|h| h.start <= i + NEAR) {
                cx.push(Detector::AwsKey, start, i);
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::{Detector, DetectorSet};

    fn hits(d: Detector, text: &str) -> Vec<String> {
        crate::detect::spans(text, DetectorSet::only(d))
    }

    #[test]
    fn table() {
        let gh = format!("ghp_{}", "a1B2".repeat(9));
        let pat = format!(
            "github_pat_{}_{}",
            "A1b2".repeat(5) + "xy",
            "Z9y8".repeat(14) + "abc"
        );
        let google = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
        let cases: &[(Detector, &str, Option<&str>)] = &[
            (
                Detector::AwsKey,
                "id AKIAIOSFODNN7EXAMPLE.",
                Some("AKIAIOSFODNN7EXAMPLE"),
            ),
            (Detector::AwsKey, "AKIAIOSFODNN7EXAMPLEX", None),
            (Detector::AwsKey, "x_AKIAIOSFODNN7EXAMPLE", None),
            (Detector::GithubToken, &gh, Some(&gh)),
            (Detector::GithubToken, &pat, Some(&pat)),
            (
                Detector::StripeKey,
                "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
                Some("sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
            ),
            (
                Detector::StripeKey,
                "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
                None,
            ),
            (
                Detector::SlackToken,
                "xoxb-123456789012-abcdefABCDEF",
                Some("xoxb-123456789012-abcdefABCDEF"),
            ),
            (Detector::GoogleApiKey, google, Some(google)),
        ];
        for &(d, text, want) in cases {
            let want: Vec<String> = want.into_iter().map(str::to_owned).collect();
            assert_eq!(hits(d, text), want, "{text}");
        }
    }

    #[test]
    fn aws_secret_next_to_its_key_id() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let text =
            format!("aws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key={secret}");
        assert_eq!(
            hits(Detector::AwsKey, &text),
            ["AKIAIOSFODNN7EXAMPLE", secret]
        );
        let before = format!(
            "{{\"SecretAccessKey\":\"{secret}\",\"AccessKeyId\":\"AKIAIOSFODNN7EXAMPLE\"}}"
        );
        assert_eq!(
            hits(Detector::AwsKey, &before),
            [secret, "AKIAIOSFODNN7EXAMPLE"]
        );
        // Alone, or with no key id near, a 40-character token is not a secret.
        assert!(hits(Detector::AwsKey, secret).is_empty());
        let far = format!("AKIAIOSFODNN7EXAMPLE {} {secret}", "x".repeat(300));
        assert_eq!(hits(Detector::AwsKey, &far), ["AKIAIOSFODNN7EXAMPLE"]);
    }
}
