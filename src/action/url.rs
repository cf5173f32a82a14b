//! URLs rebuilt from their allowed parts: credentials always go, the query keeps only
//! allow-listed parameters, the fragment goes unless asked, ids in the path become `:id`, and
//! detectors run on path segments and parameter values (percent-decoded).

use crate::glob;
use std::borrow::Cow;

pub struct UrlSpec<'a> {
    pub query: &'a [String],
    pub keep_fragment: bool,
    pub template_ids: bool,
    pub origin_only: bool,
}

/// Replaces the personal data found in one decoded component, or None if there is none.
pub trait Scrub {
    fn scrub(&mut self, text: &str) -> Option<String>;
    /// The label for a path segment that held personal data (`:email`).
    fn label(&mut self, text: &str) -> Option<String>;
}

struct Parts<'a> {
    origin: Option<(&'a str, &'a str)>, // scheme, host[:port]
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn split(url: &str) -> Option<Parts<'_>> {
    let (before_frag, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (url, None),
    };
    let (before_query, query) = match before_frag.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (before_frag, None),
    };
    if let Some((scheme, rest)) = before_query.split_once("://") {
        let scheme_ok = !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
            && scheme.as_bytes()[0].is_ascii_alphabetic();
        if !scheme_ok {
            return None;
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        // Credentials never survive: `user:pass@host` -> `host`.
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if host.is_empty() || host.bytes().any(|b| b.is_ascii_whitespace()) {
            return None;
        }
        return Some(Parts {
            origin: Some((scheme, host)),
            path,
            query,
            fragment,
        });
    }
    let relative = before_query.is_empty() || before_query.starts_with('/');
    (relative && !before_query.contains(char::is_whitespace)).then_some(Parts {
        origin: None,
        path: before_query,
        query,
        fragment,
    })
}

fn is_id(segment: &str) -> bool {
    let b = segment.as_bytes();
    let numeric = !b.is_empty() && b.iter().all(u8::is_ascii_digit);
    let uuid = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    numeric || uuid
}

pub fn decode_component(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    // Most components hold no escape: no copy then.
    if !b.iter().any(|&c| c == b'%' || c == b'+') {
        return Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len()
                && b[i + 1].is_ascii_hexdigit()
                && b[i + 2].is_ascii_hexdigit() =>
            {
                out.push(hex(b[i + 1]) << 4 | hex(b[i + 2]));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b - b'A' + 10,
    }
}

pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
            out.push(char::from(b"0123456789ABCDEF"[(b & 15) as usize]));
        }
    }
    out
}

/// Whether `text` is a bare query string (`a=1&b=2`): what a field named for a URL's query holds.
fn is_bare_query(text: &str) -> bool {
    !text.is_empty()
        && text.contains('=')
        && !text.contains("://")
        && !text.bytes().any(|b| b.is_ascii_whitespace() || b == b'/')
}

/// Rebuilds `url` under `spec`. None if it is not a URL (the caller fails closed). A bare query
/// (`token=x&utm_source=m`) is read as the query of a URL and given back bare.
pub fn sanitize(url: &str, spec: &UrlSpec<'_>, scrub: &mut dyn Scrub) -> Option<String> {
    let url = url.trim();
    if split(url).is_none() && is_bare_query(url) {
        let rebuilt = sanitize(&format!("?{url}"), spec, scrub)?;
        return Some(rebuilt.trim_start_matches('?').to_owned());
    }
    let parts = split(url)?;
    let mut out = String::with_capacity(url.len());
    if let Some((scheme, host)) = parts.origin {
        out.push_str(scheme);
        out.push_str("://");
        match scrub.label(&decode_component(host)) {
            Some(_) => out.push_str("redacted.invalid"),
            None => out.push_str(host),
        }
    }
    if spec.origin_only {
        if parts.origin.is_none() {
            out.push('/');
        }
        return Some(out);
    }
    for (i, segment) in parts.path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if segment.is_empty() {
            continue;
        }
        let decoded = decode_component(segment);
        if spec.template_ids && is_id(&decoded) {
            out.push_str(":id");
        } else if let Some(label) = scrub.label(&decoded) {
            out.push(':');
            out.push_str(&label);
        } else {
            out.push_str(segment);
        }
    }
    if let Some(query) = parts.query {
        let mut first = true;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decoded_name = decode_component(name);
            if !spec.query.iter().any(|g| glob::matches(g, &decoded_name)) {
                continue;
            }
            out.push(if first { '?' } else { '&' });
            first = false;
            out.push_str(name);
            if pair.contains('=') {
                out.push('=');
                match scrub.scrub(&decode_component(value)) {
                    Some(clean) => out.push_str(&encode_component(&clean)),
                    None => out.push_str(value),
                }
            }
        }
    }
    if spec.keep_fragment {
        if let Some(fragment) = parts.fragment {
            out.push('#');
            match scrub.scrub(&decode_component(fragment)) {
                Some(clean) => out.push_str(&encode_component(&clean)),
                None => out.push_str(fragment),
            }
        }
    }
    Some(out)
}

/// Where a URL starts in free text: a scheme (`https://`), or a path or query that carries a
/// query or fragment (`/p?x=1`, `?x=1`) after a delimiter. Returns (start, end) of each.
fn embedded_urls(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let ends_url = |c: u8| c.is_ascii_whitespace() || b"\"'<>`)]}|\\".contains(&c);
    let boundary = |i: usize| i == 0 || ends_url(b[i - 1]) || b"=(:[,{".contains(&b[i - 1]);
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = if b[i].is_ascii_alphabetic() && boundary(i) {
            // scheme: alpha *(alnum / + - .) "://"
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b"+-.".contains(&b[j])) {
                j += 1;
            }
            b[j..].starts_with(b"://")
        } else {
            (b[i] == b'/' || b[i] == b'?') && boundary(i)
        };
        if !starts {
            i += 1;
            continue;
        }
        // `)` and `]` end a URL (a stack frame's "(https://…:1:2)") unless the URL opened one
        // itself (`[Filtered]` in a query, an IPv6 host, a wiki title).
        let mut end = i;
        let (mut parens, mut brackets) = (0i32, 0i32);
        while end < b.len() {
            match b[end] {
                b'(' => parens += 1,
                b'[' => brackets += 1,
                b')' if parens > 0 => parens -= 1,
                b']' if brackets > 0 => brackets -= 1,
                c if ends_url(c) => break,
                _ => {}
            }
            end += 1;
        }
        // A bare path ("/checkout") names no query or fragment: nothing to take out of it; a
        // lone "?" or "#" is punctuation.
        let span = &text[i..end];
        let carries = |c: char| span.find(c).is_some_and(|at| at + 1 < span.len());
        if span.contains("://") || carries('?') || carries('#') {
            out.push((i, end));
        }
        i = end.max(i + 1);
    }
    out
}

/// Rebuilds every URL found in free text (`GET https://a/x?token=…`, a stack trace, an element
/// chain's `href="/p?q"`) under `spec`, scrubbing the text between them. A URL that cannot be
/// rebuilt becomes `[redacted]`.
pub fn sanitize_embedded(text: &str, spec: &UrlSpec<'_>, scrub: &mut dyn Scrub) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let between = |part: &str, out: &mut String, scrub: &mut dyn Scrub| match scrub.scrub(part) {
        Some(clean) => out.push_str(&clean),
        None => out.push_str(part),
    };
    for (start, end) in embedded_urls(text) {
        between(&text[last..start], &mut out, scrub);
        match sanitize(&text[start..end], spec, scrub) {
            Some(url) => out.push_str(&url),
            None => out.push_str("[redacted]"),
        }
        last = end;
    }
    between(&text[last..], &mut out, scrub);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_inside_text() {
        let spec = UrlSpec {
            query: &["utm_*".to_owned()],
            keep_fragment: false,
            template_ids: false,
            origin_only: false,
        };
        let cases = [
            (
                "GET https://api.example.com/x?token=T&utm_source=m",
                "GET https://api.example.com/x?utm_source=m",
            ),
            (
                r#"a:href="/products?token=T&utm_term=x"nth-child="1";button:text="Buy""#,
                r#"a:href="/products?utm_term=x"nth-child="1";button:text="Buy""#,
            ),
            (
                "at f (https://cdn.example.com/app.js?v=1:10:5)",
                "at f (https://cdn.example.com/app.js)",
            ),
            ("no url here, /just/a/path", "no url here, /just/a/path"),
            ("see ?token=T#frag", "see "),
            (
                "http://a.example/p?utm_source=x&token=[Filtered]&email=j#section-T",
                "http://a.example/p?utm_source=x",
            ),
            // The text between URLs goes through the scrub (this test's scrub replaces it whole).
            (
                "mail jane@x.com at https://a.example/?e=j",
                "[email]https://a.example/",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(
                sanitize_embedded(text, &spec, &mut EmailScrub),
                want,
                "{text}"
            );
        }
    }

    struct EmailScrub;
    impl Scrub for EmailScrub {
        fn scrub(&mut self, text: &str) -> Option<String> {
            text.contains('@').then(|| "[email]".to_owned())
        }
        fn label(&mut self, text: &str) -> Option<String> {
            text.contains('@').then(|| "email".to_owned())
        }
    }

    fn run(url: &str, query: &[&str], keep_fragment: bool, origin_only: bool) -> Option<String> {
        let query: Vec<String> = query.iter().map(|s| s.to_string()).collect();
        let spec = UrlSpec {
            query: &query,
            keep_fragment,
            template_ids: true,
            origin_only,
        };
        sanitize(url, &spec, &mut EmailScrub)
    }

    #[test]
    fn table() {
        let page = "http://127.0.0.1:39599/www/posthog.html?utm_source=newsletter&utm_medium=email&token=PAGETOKEN456&email=jane.doe%40example.com&hook=0#frag";
        assert_eq!(
            run(page, &["utm_*"], false, false).unwrap(),
            "http://127.0.0.1:39599/www/posthog.html?utm_source=newsletter&utm_medium=email"
        );
        assert_eq!(
            run(page, &["email"], true, false).unwrap(),
            "http://127.0.0.1:39599/www/posthog.html?email=%5Bemail%5D#frag"
        );
        assert_eq!(
            run(page, &[], false, true).unwrap(),
            "http://127.0.0.1:39599"
        );
        assert_eq!(
            run("https://u:p@shop.example.com/users/123/orders/3f2b8a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/jane@example.com", &[], false, false).unwrap(),
            "https://shop.example.com/users/:id/orders/:id/:email"
        );
        assert_eq!(
            run("/api/items/42?q=x", &[], false, false).unwrap(),
            "/api/items/:id"
        );
        assert_eq!(
            run("?utm_source=a&token=b", &["utm_*"], false, false).unwrap(),
            "?utm_source=a"
        );
        assert_eq!(run("not a url", &[], false, false), None);
        assert_eq!(
            run("fetch_token=T&utm_source=m", &["utm_*"], false, false).unwrap(),
            "utm_source=m"
        );
        assert_eq!(run("mailto:jane@example.com", &[], false, false), None);
    }

    #[test]
    fn idempotent() {
        for url in [
            "https://u:p@shop.example.com/users/123/x?utm_source=a&email=j%40x.com#f",
            "/a/b/1?utm_term=x",
        ] {
            let once = run(url, &["utm_*", "email"], true, false).unwrap();
            assert_eq!(run(&once, &["utm_*", "email"], true, false).unwrap(), once);
        }
    }
}
