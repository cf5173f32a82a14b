//! Credentials embedded in URLs: `scheme://user:password@host`. The userinfo ends at the last
//! `@` of the authority, as URL parsers read it, so a decoded `%40` in the password stays in.

use super::pass::Cx;
use super::Detector;

pub fn find(cx: &mut Cx, i: usize) {
    let v = cx.v;
    if !v.get(i..).is_some_and(|s| s.starts_with(b"://")) {
        return;
    }
    let start = i + 3;
    let (mut j, mut colon, mut at) = (start, None, None);
    while j < v.len() && !matches!(v[j], b'/' | b'?' | b'#' | b' ' | b'"' | b'<' | b'>' | b'\\') {
        match v[j] {
            b':' if colon.is_none() => colon = Some(j),
            b'@' => at = Some(j),
            _ => {}
        }
        j += 1;
    }
    if let (Some(c), Some(a)) = (colon, at) {
        if c > start && c + 1 < a {
            cx.push(Detector::UrlCredentials, start, a);
        }
    }
}

#[cfg(test)]
mod tests {
    finder!(hits, UrlCredentials);

    #[test]
    fn table() {
        assert_eq!(hits("https://bob:hunter2@example.com/x"), ["bob:hunter2"]);
        assert_eq!(hits("redis://:pw@host"), Vec::<&str>::new());
        assert_eq!(hits("postgres://app:s3cr%40t@db:5432/x"), ["app:s3cr%40t"]);
        assert!(hits("https://example.com:8080/a@b").is_empty());
        assert!(hits("https://PUBLICKEY@o1.ingest.sentry.io/1").is_empty());
    }
}
