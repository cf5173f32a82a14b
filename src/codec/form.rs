//! `application/x-www-form-urlencoded` bodies: Mixpanel's and PostHog's fallback `data=` field,
//! holding JSON either base64-encoded or percent-encoded.

use crate::base64::{self, Style};

/// How the `data` field held its JSON, so it is written back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataEncoding {
    Base64(Style),
    Urlencoded,
}

impl DataEncoding {
    pub fn name(self) -> &'static str {
        match self {
            DataEncoding::Base64(_) => "form-base64",
            DataEncoding::Urlencoded => "form-urlencoded",
        }
    }
}

/// A form body as (name, value) pairs, percent-decoded.
pub struct Form {
    pub fields: Vec<(String, Vec<u8>)>,
}

/// Whether the text looks like a form with a `data` field (and nothing else does).
pub fn looks_like_form(text: &[u8]) -> bool {
    let token = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'$');
    let first_name = text.split(|&b| b == b'=').next().unwrap_or_default();
    !first_name.is_empty()
        && first_name.len() < text.len()
        && first_name.iter().all(token)
        && !text.iter().any(|b| b.is_ascii_whitespace() && *b != b' ')
        && text
            .split(|&b| b == b'&')
            .any(|pair| pair.starts_with(b"data="))
}

/// Whether a form parser reading `text` would find a `data` field holding events (JSON, or
/// base64 of JSON even when read leniently, skipping bytes outside the alphabet as some
/// decoders do). Used to refuse JSON bodies that a collector could read as a form.
pub fn has_data_field(text: &[u8]) -> bool {
    if !text.contains(&b'=') {
        return false;
    }
    text.split(|&b| b == b'&').any(|pair| {
        let Some(eq) = pair.iter().position(|&b| b == b'=') else {
            return false;
        };
        let name = lenient_decode(&pair[..eq]);
        if name != b"data" {
            return false;
        }
        let value = lenient_decode(&pair[eq + 1..]);
        let trimmed = value.trim_ascii_start();
        let json_text = if matches!(trimmed.first(), Some(b'{' | b'[')) {
            Some(trimmed.to_vec())
        } else {
            let alphabet: Vec<u8> = value
                .iter()
                .copied()
                .filter(|&b| base64::sextet(b).is_some())
                .collect();
            base64::decode(&alphabet).map(|(bytes, _)| bytes)
        };
        json_text
            .and_then(|t| String::from_utf8(t).ok())
            .is_some_and(|t| crate::json::parse(&t, 64).is_ok())
    })
}

/// Percent-decoding that never fails: a broken escape stays as it is.
fn lenient_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match (
            text[i],
            text.get(i + 1).copied().and_then(hex),
            text.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(hi << 4 | lo);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

pub fn parse(text: &[u8]) -> Option<Form> {
    let mut fields = Vec::new();
    for pair in text.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        let name = String::from_utf8(percent_decode(name)?).ok()?;
        fields.push((name, percent_decode(value)?));
    }
    Some(Form { fields })
}

/// Reads the `data` field's JSON text and how it was encoded.
pub fn decode_data(value: &[u8]) -> Option<(String, DataEncoding)> {
    let first = value.iter().find(|b| !b.is_ascii_whitespace())?;
    if matches!(first, b'{' | b'[') {
        let text = String::from_utf8(value.to_vec()).ok()?;
        return Some((text, DataEncoding::Urlencoded));
    }
    let (bytes, style) = base64::decode(value)?;
    let text = String::from_utf8(bytes).ok()?;
    Some((text, DataEncoding::Base64(style)))
}

pub fn encode_data(json: &str, encoding: DataEncoding) -> Vec<u8> {
    match encoding {
        DataEncoding::Base64(style) => base64::encode(json.as_bytes(), style).into_bytes(),
        DataEncoding::Urlencoded => json.as_bytes().to_vec(),
    }
}

pub fn write(fields: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        percent_encode(name.as_bytes(), &mut out);
        out.push(b'=');
        percent_encode(value, &mut out);
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `+` is a space and `%XY` a byte; a broken escape is an error, not passed through.
fn percent_decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = hex(*text.get(i + 1)?)?;
                let lo = hex(*text.get(i + 2)?)?;
                out.push(hi << 4 | lo);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Some(out)
}

/// Like `encodeURIComponent`: only the unreserved characters stay as they are.
fn percent_encode(bytes: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
            )
        {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_data_forms_only() {
        assert!(looks_like_form(b"data=eyJhIjoxfQ%3D%3D"));
        assert!(looks_like_form(b"ver=1&data=%7B%7D"));
        assert!(!looks_like_form(b"{\"data=\":1}"));
        assert!(!looks_like_form(b"name=x&other=y"));
        assert!(!looks_like_form(b"\x0a\x05data=1"));
    }

    #[test]
    fn reads_both_encodings_and_writes_them_back() {
        let form = parse(b"data=eyJhIjoxfQ%3D%3D").unwrap();
        let (json, enc) = decode_data(&form.fields[0].1).unwrap();
        assert_eq!(json, r#"{"a":1}"#);
        assert_eq!(
            write(&[("data".into(), encode_data(&json, enc))]),
            b"data=eyJhIjoxfQ%3D%3D"
        );

        let form = parse(b"data=%5B%7B%22a%22%3A%22x+y%22%7D%5D").unwrap();
        let (json, enc) = decode_data(&form.fields[0].1).unwrap();
        assert_eq!(
            (json.as_str(), enc),
            (r#"[{"a":"x y"}]"#, DataEncoding::Urlencoded)
        );
        assert_eq!(
            write(&[("data".into(), encode_data(&json, enc))]),
            b"data=%5B%7B%22a%22%3A%22x%20y%22%7D%5D"
        );
    }

    #[test]
    fn finds_data_fields_a_form_parser_would_read_in_json() {
        // `eyJhIjoxfQ==` is base64 of {"a":1}.
        assert!(has_data_field(br#"{"k":"&data=eyJhIjoxfQ==&x=","z":1}"#));
        assert!(has_data_field(br#"{"k":"&%64ata=eyJhIjoxfQ%3D%3D"}"#));
        assert!(has_data_field(br#"{"k":"&data=%5B%7B%7D%5D&"}"#));
        // Read leniently, as decoders that skip bytes outside the alphabet do.
        assert!(has_data_field(br#"{"k":"&data=eyJhIjoxfQ=="}"#));
        assert!(!has_data_field(
            br#"{"url":"https://x.example/?a=1&data=foo"}"#
        ));
        assert!(!has_data_field(br#"{"a":1}"#));
    }

    #[test]
    fn refuses_broken_escapes_and_non_json_data() {
        assert!(parse(b"data=%4").is_none());
        assert!(parse(b"data=%zz").is_none());
        assert!(decode_data(b"not base64!").is_none());
    }
}
