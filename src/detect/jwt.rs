//! JSON Web Tokens (JWS and JWE compact forms): three or five base64url parts, the first a JSON
//! object header naming `alg`. Any header: a base64url JSON object starts with `ey` (`{"`,
//! `{ `) or `ew` (`{` then a newline or tab), whatever its first key; an unsecured token's
//! empty signature part counts.

use super::class::{at, is, ALNUM, B64URL_EXTRA};
use super::pass::Cx;
use super::Detector;
use crate::base64::sextet;

fn part_end(v: &[u8], i: usize) -> usize {
    super::class::run_end(v, i, ALNUM | B64URL_EXTRA)
}

pub fn find(cx: &mut Cx, i: usize) {
    let v = cx.v;
    if !matches!(at(v, i + 1), b'y' | b'w') || is(super::class::before(v, i), B64URL_EXTRA) {
        return;
    }
    let header_end = part_end(v, i);
    // No token starts inside this part: every byte before the next one is base64url.
    cx.resume(Detector::Jwt, header_end);
    let mut ends = [header_end; 5];
    let mut parts = 1;
    while parts < 5 && at(v, ends[parts - 1]) == b'.' {
        ends[parts] = part_end(v, ends[parts - 1] + 1);
        parts += 1;
    }
    let end = match parts {
        5 => ends[4],
        3 | 4 => ends[2],
        _ => return,
    };
    if ends[1] > header_end + 1 && header_is_jwt(v.get(i..header_end).unwrap_or(&[])) {
        cx.push(Detector::Jwt, i, end);
    }
}

/// Whether the base64url `part` decodes to a JSON object with an `"alg"` member (the first
/// 768 bytes are looked at).
fn header_is_jwt(part: &[u8]) -> bool {
    let (mut acc, mut bits, mut n) = (0u32, 0, 0);
    let (mut open, mut tail) = (false, 0u64);
    for &b in part.iter().take(1024) {
        let Some((s, _)) = sextet(b) else { break };
        acc = acc << 6 | s as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            let c = (acc >> bits) as u8;
            if n == 0 && !c.is_ascii_whitespace() {
                open = c == b'{';
                n = 1;
            }
            // The last five bytes, to spot `"alg"` as it streams past.
            tail = tail << 8 | c as u64;
            if open && tail & 0xff_ffff_ffff == u64::from_be_bytes(*b"\0\0\0\"alg\"") {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    finder!(hits, Jwt);

    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn table() {
        assert_eq!(hits(&format!("token={JWT}&x")), [JWT]);
        assert_eq!(hits(&format!("{JWT}.")), [JWT]);
        // {"typ":"JWT","alg":"HS256"}, { "alg": "HS256" }, {\n"alg":"none"} with no signature
        for t in [
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
            "eyAiYWxnIjogIkhTMjU2IiB9.eyJzdWIiOiIxIn0.c2ln",
            "ewoiYWxnIjoibm9uZSJ9.eyJzdWIiOiIxIn0.",
        ] {
            assert_eq!(hits(&format!("t {t} x")), [t], "{t}");
        }
        assert!(hits("eyJub3QiOiJqd3QifQ.eyJ4IjoxfQ.abc").is_empty()); // header has no alg
        assert!(hits("eyJhbGciOiJIUzI1NiJ9").is_empty()); // one part only
        assert!(hits("eyJhbGciOiJIUzI1NiJ9.eyJ4").is_empty()); // two parts
        assert!(hits("eyes.eyes.eyes").is_empty());
    }
}
