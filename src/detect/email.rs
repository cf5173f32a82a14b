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

pub fn find(cx: &mut Cx, at: usize) {
    let v = cx.v;
    let mut start = at;
    if before(v, at) == b'"' {
        // A quoted local part: back to its opening quote, at most 64 bytes, on one line.
        let from = at.saturating_sub(66);
        let quoted = v.get(from..at - 1).unwrap_or(&[]);
        match quoted.iter().rposition(|&b| b == b'"' || b < 0x20) {
            Some(q) if quoted[q] == b'"' && from + q + 2 < at => start = from + q,
            _ => return,
        }
    } else {
        let local = v.get(..at).unwrap_or(&[]);
        start -= local.iter().rev().take_while(|&&b| is_local(b)).count();
        start += local
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&b| b == b'.')
            .count();
    }
    // The domain: letters, digits, `-` and non-ASCII labels split by single dots, without
    // trailing punctuation; at least two labels, and a top-level one of two letters or more,
    // punycode (`xn--p1ai`) or Unicode (`рф`).
    let mut end = at + 1;
    let mut prev = 0;
    for &b in v.get(end..).unwrap_or(&[]) {
        if !is_domain(b) || b == b'.' && prev == b'.' {
            break;
        }
        prev = b;
        end += 1;
    }
    while end > at + 1 && matches!(before(v, end), b'.' | b'-') {
        end -= 1;
    }
    let d = v.get(at + 1..end).unwrap_or(&[]);
    let (Some(first), Some(last)) = (
        d.iter().position(|&b| b == b'.'),
        d.iter().rposition(|&b| b == b'.'),
    ) else {
        return;
    };
    let (label, tld) = (
        d.get(..first).unwrap_or(&[]),
        d.get(last + 1..).unwrap_or(&[]),
    );
    let tld_ok = tld.len() > 1 && tld.iter().all(|&c| is(c, ALPHA))
        || tld.len() > 4
            && tld
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"))
        || tld.iter().any(|&c| is(c, NON_ASCII));
    // `icon@2x.png`: a pixel-density suffix, not a domain.
    let density = label.len() > 1 && label.ends_with(b"x") && is(before(label, 1), DIGIT);
    if start < at && first > 0 && tld_ok && !density {
        cx.push(Detector::Email, start, end);
    }
}

fn is_domain(b: u8) -> bool {
    is(b, ALNUM | NON_ASCII) || b == b'.' || b == b'-'
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
        assert_eq!(hits("jane@example.com- x"), ["jane@example.com"]);
        assert_eq!(hits("jane@example.com. x"), ["jane@example.com"]);
    }
}
