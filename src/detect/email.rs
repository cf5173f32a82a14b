//! Email addresses, including the percent-encoded `%40` form found in URLs.

use super::util::is_alnum;

/// Local-part characters seen in real addresses. RFC 5322 allows more (`=`, `?`, `/`), but in
/// telemetry those are URL and query separators (`email=jane@x.com`), so they end the match.
fn is_local(b: u8) -> bool {
    is_alnum(b) || b"._%+-'".contains(&b)
}

fn is_domain(b: u8) -> bool {
    is_alnum(b) || b == b'.' || b == b'-'
}

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut last_end = 0;
    // Separators in text order: a literal '@' or its percent-encoding "%40".
    let candidates = (0..bytes.len()).filter_map(|i| match bytes[i] {
        b'@' => Some((i, 1)),
        b'%' if bytes[i..].starts_with(b"%40") => Some((i, 3)),
        _ => None,
    });
    for (at, width) in candidates {
        if at < last_end {
            continue;
        }
        if let Some((start, end)) = around(bytes, at, width) {
            push(start, end);
            last_end = end;
        }
    }
}

fn around(bytes: &[u8], at: usize, width: usize) -> Option<(usize, usize)> {
    let mut start = at;
    while start > 0 && is_local(bytes[start - 1]) && at - start < 64 {
        start -= 1;
    }
    // A percent-encoded separator before the local part (`%3D`, `%20`) is not part of it.
    while start + 3 <= at && bytes[start] == b'%' {
        start += 3;
    }
    while start < at && matches!(bytes[start], b'.' | b'%') {
        start += 1;
    }
    if start == at {
        return None;
    }
    let mut end = at + width;
    while end < bytes.len() && is_domain(bytes[end]) && end - at < 255 {
        end += 1;
    }
    while end > at + width && matches!(bytes[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let domain = &bytes[at + width..end];
    let labels: Vec<&[u8]> = domain.split(|&b| b == b'.').collect();
    let tld = labels.last()?;
    let ok = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l[0] != b'-' && l[l.len() - 1] != b'-')
        && tld.len() >= 2
        && tld.iter().all(u8::is_ascii_alphabetic);
    ok.then_some((start, end))
}

#[cfg(test)]
mod tests {
    finder!(hits, super::find);

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
        assert_eq!(hits("(a+b@sub.example.co.uk)."), ["a+b@sub.example.co.uk"]);
        assert_eq!(hits("<JANE@EXAMPLE.ORG>"), ["JANE@EXAMPLE.ORG"]);
        assert!(hits("user@localhost").is_empty());
        assert!(hits("@handle and a@b").is_empty());
        assert!(hits("npm i @scope/pkg@1.2.3").is_empty());
        assert!(hits("x@1.2.3.4").is_empty());
    }
}
