//! Keys with a recognisable prefix (cloud and SaaS credentials), and AWS secret access keys
//! next to their key id.
//!
//! Each finder reads the token body once and the pass resumes after it, so a string of
//! repeated prefixes (`AKIAAKIAAKIA...`, `xoxb-xoxb-...`) costs one read of each byte.

use super::class::{at, before, is, ALNUM, B64URL_EXTRA, DIGIT, LOWER, UPPER};
use super::pass::Cx;
use super::Detector;

/// What a token body may hold.
#[derive(Clone, Copy)]
enum Body {
    UpperDigit,
    Alnum,
    AlnumUnderscore,
    AlnumDash,
    Base64Url,
}

impl Body {
    fn class(self) -> u16 {
        match self {
            Body::UpperDigit => UPPER | DIGIT,
            Body::Alnum => ALNUM,
            Body::AlnumUnderscore | Body::AlnumDash | Body::Base64Url => ALNUM | B64URL_EXTRA,
        }
    }

    fn allows(self, b: u8) -> bool {
        is(b, self.class())
            && match self {
                Body::AlnumUnderscore => b != b'-',
                Body::AlnumDash => b != b'_',
                _ => true,
            }
    }
}

/// `(detector, prefix, body, shortest and longest body)`, from each vendor's documented format.
const PREFIXED: &[(Detector, &[u8], Body, u8, u8)] = &[
    (Detector::AwsKey, b"AKIA", Body::UpperDigit, 16, 16),
    (Detector::AwsKey, b"ASIA", Body::UpperDigit, 16, 16),
    (Detector::AwsKey, b"ABIA", Body::UpperDigit, 16, 16),
    (Detector::AwsKey, b"ACCA", Body::UpperDigit, 16, 16),
    (Detector::GoogleApiKey, b"AIza", Body::Base64Url, 35, 35),
    (Detector::GithubToken, b"ghp_", Body::Alnum, 36, 36),
    (Detector::GithubToken, b"gho_", Body::Alnum, 36, 36),
    (Detector::GithubToken, b"ghu_", Body::Alnum, 36, 36),
    (Detector::GithubToken, b"ghs_", Body::Alnum, 36, 36),
    (Detector::GithubToken, b"ghr_", Body::Alnum, 36, 36),
    (
        Detector::GithubToken,
        b"github_pat_",
        Body::AlnumUnderscore,
        82,
        82,
    ),
    (Detector::StripeKey, b"sk_live_", Body::Alnum, 24, 247),
    (Detector::StripeKey, b"rk_live_", Body::Alnum, 24, 247),
    (Detector::SlackToken, b"xoxb-", Body::AlnumDash, 10, 250),
    (Detector::SlackToken, b"xoxp-", Body::AlnumDash, 10, 250),
    (Detector::SlackToken, b"xoxa-", Body::AlnumDash, 10, 250),
    (Detector::SlackToken, b"xoxr-", Body::AlnumDash, 10, 250),
    (Detector::SlackToken, b"xoxs-", Body::AlnumDash, 10, 250),
    (Detector::SlackToken, b"xoxe-", Body::AlnumDash, 10, 250),
    (Detector::SlackToken, b"xapp-", Body::AlnumDash, 10, 250),
];

/// Looks for `d`'s prefixes at the word start `i`.
pub fn find(cx: &mut Cx, i: usize, d: Detector) {
    let v = cx.v;
    if before(v, i) == b'_' {
        return;
    }
    for &(det, prefix, body, min, max) in PREFIXED {
        if det != d || !v[i..].starts_with(prefix) {
            continue;
        }
        let from = i + prefix.len();
        let mut end = from;
        while end < v.len() && body.allows(v[end]) {
            end += 1;
        }
        // Nothing of `d` starts before the body's end: its bytes are not word starts.
        cx.resume(d, end);
        let len = end - from;
        if (min as usize..=max as usize).contains(&len) && !is(at(v, end), ALNUM) {
            cx.push(d, i, end);
        }
        return;
    }
}

/// How far from a key id its secret may be (bytes between the two).
const NEAR: usize = 256;

/// AWS secret access keys: 40 characters of `A-Za-z0-9/+` with upper case, lower case and a
/// digit, within [`NEAR`] bytes of an access key id already found. Runs after the pass, once,
/// only when it found a key id: one read of the text.
pub fn aws_secrets(cx: &mut Cx) {
    let v = cx.v;
    let ids: Vec<(usize, usize)> = cx
        .hits()
        .iter()
        .filter(|h| h.source == super::Source::Builtin(Detector::AwsKey))
        .map(|h| (h.start, h.end))
        .collect();
    if ids.is_empty() {
        return;
    }
    let in_secret = |b: u8| is(b, ALNUM) || b == b'/' || b == b'+';
    let (mut i, mut next_id) = (0, 0);
    while i < v.len() {
        if !in_secret(v[i]) {
            i += 1;
            continue;
        }
        let end = run_end_by(v, i, in_secret);
        let t = &v[i..end];
        let mixed = t.iter().any(|&b| is(b, UPPER))
            && t.iter().any(|&b| is(b, LOWER))
            && t.iter().any(|&b| is(b, DIGIT));
        if t.len() == 40 && mixed && at(v, end) != b'=' {
            while next_id < ids.len() && ids[next_id].1 + NEAR < i {
                next_id += 1;
            }
            if ids.get(next_id).is_some_and(|&(s, _)| s <= end + NEAR) {
                cx.push(Detector::AwsKey, i, end);
            }
        }
        i = end;
    }
}

fn run_end_by(v: &[u8], mut i: usize, ok: impl Fn(u8) -> bool) -> usize {
    while i < v.len() && ok(v[i]) {
        i += 1;
    }
    i
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
