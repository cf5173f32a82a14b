//! Credentials embedded in URLs: `scheme://user:password@host`.

use super::util::find_all;

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    for sep in find_all(bytes, b"://") {
        let start = sep + 3;
        let mut i = start;
        let mut colon = None;
        while i < bytes.len()
            && !matches!(
                bytes[i],
                b'/' | b'?' | b'#' | b'@' | b' ' | b'"' | b'<' | b'>'
            )
        {
            if bytes[i] == b':' && colon.is_none() {
                colon = Some(i);
            }
            i += 1;
        }
        let at = i;
        if bytes.get(at) == Some(&b'@') && colon.is_some_and(|c| c > start && c + 1 < at) {
            push(start, at);
        }
    }
}

#[cfg(test)]
mod tests {
    finder!(hits, super::find);

    #[test]
    fn table() {
        assert_eq!(hits("https://bob:hunter2@example.com/x"), ["bob:hunter2"]);
        assert_eq!(hits("redis://:pw@host"), Vec::<&str>::new());
        assert_eq!(hits("postgres://app:s3cr%40t@db:5432/x"), ["app:s3cr%40t"]);
        assert!(hits("https://example.com:8080/a@b").is_empty());
        assert!(hits("https://PUBLICKEY@o1.ingest.sentry.io/1").is_empty());
    }
}
