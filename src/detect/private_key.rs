//! PEM private key blocks, from `-----BEGIN ...PRIVATE KEY-----` to the matching END line (or
//! to the end of the text when it is cut off).

use super::pass::Cx;
use super::Detector;

fn find_from(v: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    v.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

pub fn find(cx: &mut Cx, i: usize) {
    let v = cx.v;
    if !v.get(i..).is_some_and(|s| s.starts_with(b"-----BEGIN ")) {
        return;
    }
    let label = i + 11;
    // Labels are short (`ENCRYPTED PRIVATE KEY`, `OPENSSH PRIVATE KEY`): look 64 bytes ahead.
    let window = v.get(label..v.len().min(label + 64 + 5)).unwrap_or(&[]);
    let Some(label_end) = find_from(window, 0, b"-----").map(|p| label + p) else {
        cx.resume(Detector::PrivateKey, label);
        return;
    };
    if !window
        .get(..label_end - label)
        .is_some_and(|l| l.ends_with(b"PRIVATE KEY"))
    {
        cx.resume(Detector::PrivateKey, label_end);
        return;
    }
    let end = find_from(v, label_end + 5, b"-----END ")
        .and_then(|e| {
            find_from(v, e + 9, b"-----")
                .filter(|&q| q <= e + 9 + 64)
                .map(|q| q + 5)
        })
        .unwrap_or(v.len());
    cx.push(Detector::PrivateKey, i, end);
    cx.resume(Detector::PrivateKey, end);
}

#[cfg(test)]
mod tests {
    finder!(hits, PrivateKey);

    #[test]
    fn table() {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
        assert_eq!(hits(&format!("k={pem} x")), [pem]);
        assert_eq!(
            hits("k=-----BEGIN PRIVATE KEY-----\\nMIIE"),
            ["-----BEGIN PRIVATE KEY-----\\nMIIE"]
        );
        assert!(hits("-----BEGIN CERTIFICATE-----").is_empty());
    }
}
