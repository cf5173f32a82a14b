//! Email addresses, found at their `@` in the normalized view: `%40`, `&#64;`, `\u0040` and
//! `＠` are all `@` there, and the whole original spelling is replaced.
//!
//! Local parts of any length, quoted local parts (`"jane doe"@example.com`), and
//! internationalized domains, in Unicode (`müller.example`, `例子.广告`) or punycode
//! (`xn--mller-kva.example`). RFC 5322 allows more local-part characters (`=`, `?`, `/`), but
//! in telemetry those are URL and query separators (`email=jane@x.com`), so they end the match.
//! `icon@2x.png` is an asset name, not an address.

use super::class::{before, is, ALNUM, ALPHA, DIGIT, NON_ASCII};
use super::pass::Cx;
use super::Detector;

fn is_local(b: u8) -> bool {
    is(b, ALNUM | NON_ASCII) || b"._+-'".contains(&b)
}

fn is_domain(b: u8) -> bool {
    is(b, ALNUM | NON_ASCII) || b == b'.' || b == b'-'
}

pub fn find(cx: &mut Cx, at: usize) {
    let v = cx.v;
    let start = if before(v, at) == b'"' {
        quoted_start(v, at - 1)
    } else {
        let mut s = at;
        while s > 0 && is_local(v[s - 1]) {
            s -= 1;
        }
        while s < at && v[s] == b'.' {
            s += 1;
        }
        Some(s).filter(|&s| s < at)
    };
    let Some(start) = start else { return };
    let mut end = at + 1;
    while end < v.len() && is_domain(v[end]) {
        end += 1;
    }
    while end > at + 1 && matches!(v[end - 1], b'.' | b'-') {
        end -= 1;
    }
    if domain_ok(&v[at + 1..end]) {
        cx.push(Detector::Email, start, end);
    }
}

/// The opening quote of a quoted local part whose closing quote is at `close`.
fn quoted_start(v: &[u8], close: usize) -> Option<usize> {
    let mut j = close;
    while j > 0 && close - j < 64 {
        j -= 1;
        match v[j] {
            b'"' => return (j + 1 < close && !is(before(v, j), ALNUM)).then_some(j),
            b'\\' | 0..=0x1f => return None,
            _ => {}
        }
    }
    None
}

fn domain_ok(d: &[u8]) -> bool {
    let mut labels = 0;
    let mut tld: &[u8] = &[];
    for label in d.split(|&b| b == b'.') {
        if label.is_empty() || label[0] == b'-' || label[label.len() - 1] == b'-' {
            return false;
        }
        if labels == 0 {
            // `2x.png`, `3x.webp`: a pixel-density suffix.
            let (x, digits) = label.split_last().unwrap_or((&0, &[]));
            if *x == b'x' && !digits.is_empty() && digits.iter().all(|&b| is(b, DIGIT)) {
                return false;
            }
        }
        labels += 1;
        tld = label;
    }
    labels >= 2
        && (tld.len() >= 2 && tld.iter().all(|&b| is(b, ALPHA))
            || tld.len() > 4 && tld[..4].eq_ignore_ascii_case(b"xn--")
            || tld.iter().any(|&b| is(b, NON_ASCII)))
}

#[cfg(test)]
mod tests {
    finder!(hits, Email);

    #[test]
    fn table() {
        assert_eq!(
            hits("mail jane.doe@example.com now"),
            ["jane.doe@example.com"]
        );
        assert_eq!(
            hits("email=jane.doe%40example.com&x=1"),
            ["jane.doe%40example.com"]
        );
        assert_eq!(hits("email%3Djane%40example.com"), ["jane%40example.com"]);
        assert_eq!(hits("e=jane%2540example.com"), ["jane%2540example.com"]);
        assert_eq!(hits("(a+b@sub.example.co.uk)."), ["a+b@sub.example.co.uk"]);
        assert_eq!(hits("<JANE@EXAMPLE.ORG>"), ["JANE@EXAMPLE.ORG"]);
        assert_eq!(hits("jane&#64;example.com"), ["jane&#64;example.com"]);
        assert_eq!(
            hits("jane&#x40;example&period;com"),
            ["jane&#x40;example&period;com"]
        );
        assert_eq!(hits("jane&commat;example.com"), ["jane&commat;example.com"]);
        assert_eq!(
            hits("jane&amp;#64;example.com"),
            ["jane&amp;#64;example.com"]
        );
        assert_eq!(hits("jane\\u0040example.com"), ["jane\\u0040example.com"]);
        assert_eq!(
            hits("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
            ["ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"]
        );
        assert_eq!(
            hits("ja\u{200b}ne@exa\u{ad}mple.com"),
            ["ja\u{200b}ne@exa\u{ad}mple.com"]
        );
        assert_eq!(hits("to jane@müller.example!"), ["jane@müller.example"]);
        assert_eq!(hits("用户@例子.广告"), ["用户@例子.广告"]);
        assert_eq!(
            hits("jane@xn--mller-kva.example"),
            ["jane@xn--mller-kva.example"]
        );
        assert_eq!(hits("ivan@пример.рф"), ["ivan@пример.рф"]);
        assert_eq!(
            hits("x \"jane doe\"@example.com"),
            ["\"jane doe\"@example.com"]
        );
        let long = format!("{}@example.com", "a.b".repeat(40));
        assert_eq!(hits(&long), [long.as_str()]);
        assert!(hits("user@localhost").is_empty());
        assert!(hits("@handle and a@b").is_empty());
        assert!(hits("npm i @scope/pkg@1.2.3").is_empty());
        assert!(hits("x@1.2.3.4").is_empty());
        assert!(hits("logo@2x.png").is_empty());
    }
}
