//! Base64 (RFC 4648), standard or URL-safe, padded or not: whichever the SDK used is written back.

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub url_safe: bool,
    pub padded: bool,
}

/// The 6-bit value of a base64 character of either alphabet, and which alphabet it belongs to
/// (`Some(true)`: URL-safe only, `Some(false)`: standard only, `None`: both).
pub(crate) fn sextet(b: u8) -> Option<(u8, Option<bool>)> {
    Some(match b {
        b'A'..=b'Z' => (b - b'A', None),
        b'a'..=b'z' => (b - b'a' + 26, None),
        b'0'..=b'9' => (b - b'0' + 52, None),
        b'+' => (62, Some(false)),
        b'/' => (63, Some(false)),
        b'-' => (62, Some(true)),
        b'_' => (63, Some(true)),
        _ => return None,
    })
}

/// Decodes strictly: any other byte, a mix of alphabets or a dangling character is an error.
pub fn decode(text: &[u8]) -> Option<(Vec<u8>, Style)> {
    let body = text
        .strip_suffix(b"==")
        .or_else(|| text.strip_suffix(b"="))
        .unwrap_or(text);
    let padded = body.len() != text.len();
    if padded && !text.len().is_multiple_of(4) {
        return None;
    }
    let mut url_safe = None;
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0;
    for &b in body {
        let (v, alphabet) = sextet(b)?;
        if let Some(a) = alphabet {
            if *url_safe.get_or_insert(a) != a {
                return None;
            }
        }
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    if bits >= 6 {
        return None;
    }
    let style = Style {
        url_safe: url_safe.unwrap_or(false),
        padded,
    };
    Some((out, style))
}

pub fn encode(data: &[u8], style: Style) -> String {
    let table = if style.url_safe { URL } else { STD };
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, &b| acc << 8 | b as u32) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(table[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        if style.padded {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length_and_style() {
        let data: Vec<u8> = (0..=255u8).collect();
        for len in 0..40 {
            for url_safe in [false, true] {
                for padded in [false, true] {
                    let style = Style { url_safe, padded };
                    let text = encode(&data[200 - len..200], style);
                    let (back, _) = decode(text.as_bytes()).unwrap();
                    assert_eq!(back, &data[200 - len..200]);
                }
            }
        }
        assert_eq!(
            encode(
                b"hi?>",
                Style {
                    url_safe: false,
                    padded: true
                }
            ),
            "aGk/Pg=="
        );
        assert_eq!(
            decode(b"aGk_Pg").unwrap(),
            (
                b"hi?>".to_vec(),
                Style {
                    url_safe: true,
                    padded: false
                }
            )
        );
    }

    #[test]
    fn refuses_what_is_not_base64() {
        for bad in [&b"a"[..], b"ab=c", b"a+b_", b"{\"a\":1}", b"abc=="] {
            assert_eq!(decode(bad), None, "{:?}", std::str::from_utf8(bad));
        }
    }
}
