//! JSON Web Tokens: three base64url parts whose header decodes to a JSON object naming `alg`.

use super::util::find_all;
use crate::codec::base64::sextet;

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut next_free = 0;
    for start in find_all(bytes, b"eyJ") {
        if start < next_free || (start > 0 && is_b64url(bytes[start - 1])) {
            continue;
        }
        let mut parts = [start; 3];
        let mut i = start;
        let mut ok = true;
        for (n, part_start) in parts.iter_mut().enumerate() {
            *part_start = i;
            while i < bytes.len() && is_b64url(bytes[i]) {
                i += 1;
            }
            let empty = i == *part_start;
            if n < 2 {
                if empty || bytes.get(i) != Some(&b'.') {
                    ok = false;
                    break;
                }
                i += 1;
            }
        }
        if ok && header_is_jwt(&bytes[parts[0]..parts[1] - 1]) {
            push(start, i);
            next_free = i;
        }
    }
}

fn header_is_jwt(segment: &[u8]) -> bool {
    let decoded = base64url_decode(&segment[..segment.len().min(512)]);
    decoded.starts_with(b"{") && find_all(&decoded, b"\"alg\"").next().is_some()
}

/// Decodes unpadded base64url (either alphabet), ignoring a trailing partial quantum.
pub fn base64url_decode(input: &[u8]) -> Vec<u8> {
    let val = |b: u8| sextet(b).map(|(v, _)| v as u32);
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for &b in input {
        let Some(v) = val(b) else { break };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    finder!(hits, super::find);

    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn table() {
        assert_eq!(hits(&format!("token={JWT}&x")), [JWT]);
        assert!(hits("eyJub3QiOiJqd3QifQ.eyJ4IjoxfQ.abc").is_empty()); // header has no alg
        assert!(hits("eyJhbGciOiJIUzI1NiJ9").is_empty()); // one part only
    }
}
