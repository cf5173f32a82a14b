//! Byte classes: one table lookup tells the candidate pass and the finders what a byte can be.

pub const DIGIT: u16 = 1;
pub const UPPER: u16 = 1 << 1;
pub const LOWER: u16 = 1 << 2;
/// `0-9a-fA-F`.
pub const HEX: u16 = 1 << 3;
/// `-` and `_`: base64url and token bodies.
pub const B64URL_EXTRA: u16 = 1 << 4;
/// Bytes of UTF-8 sequences: non-ASCII letters of IDN domains and local parts.
pub const NON_ASCII: u16 = 1 << 5;
/// First bytes of the prefixed secrets, one class per vendor family: A (AKIA, AIza), g (ghp_,
/// github_pat_), s/r (sk_live_), x (xoxb-, xapp-).
pub const SECRET_A: u16 = 1 << 6;
pub const SECRET_G: u16 = 1 << 11;
pub const SECRET_S: u16 = 1 << 12;
pub const SECRET_X: u16 = 1 << 13;
/// `b`/`B`: Bearer and Basic credentials.
pub const AUTH: u16 = 1 << 7;
/// `e`: a base64url JSON object (a JWT header) starts with `ey` or `ew`.
pub const LOWER_E: u16 = 1 << 8;
/// Bytes the pass stops at outside words: `@ : - + (`.
pub const PUNCT_ANCHOR: u16 = 1 << 9;
/// `%`, `&`, `\`: where an escape may start.
pub const ESCAPE: u16 = 1 << 10;

pub const ALPHA: u16 = UPPER | LOWER;
pub const ALNUM: u16 = DIGIT | ALPHA;

pub const CLASS: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let mut k = match b {
            b'0'..=b'9' => DIGIT | HEX,
            b'A'..=b'Z' => UPPER,
            b'a'..=b'z' => LOWER,
            b'-' | b'_' => B64URL_EXTRA,
            0x80..=0xff => NON_ASCII,
            _ => 0,
        };
        if matches!(b, b'A'..=b'F' | b'a'..=b'f') {
            k |= HEX;
        }
        k |= match b {
            b'A' => SECRET_A,
            b'g' => SECRET_G,
            b's' | b'r' => SECRET_S,
            b'x' => SECRET_X,
            b'b' | b'B' => AUTH,
            b'e' => LOWER_E,
            _ => 0,
        };
        if matches!(b, b'@' | b':' | b'-' | b'+' | b'(') {
            k |= PUNCT_ANCHOR;
        }
        if matches!(b, b'%' | b'&' | b'\\') {
            k |= ESCAPE;
        }
        t[c] = k;
        c += 1;
    }
    t
};

pub fn is(b: u8, class: u16) -> bool {
    CLASS[b as usize] & class != 0
}

/// The byte at `i`, or 0 past either end (0 belongs to no class). Not inlined: called from
/// many places, a call is smaller than the bounds check.
#[inline(never)]
pub fn at(v: &[u8], i: usize) -> u8 {
    v.get(i).copied().unwrap_or(0)
}

/// The byte before `i`, or 0 at the start.
pub fn before(v: &[u8], i: usize) -> u8 {
    at(v, i.wrapping_sub(1))
}

/// A letter, digit or `_`: what may not touch a token on either side.
pub fn is_word(b: u8) -> bool {
    is(b, ALNUM) || b == b'_'
}

/// The end of the run of bytes of `class` starting at `i`.
pub fn run_end(v: &[u8], mut i: usize, class: u16) -> usize {
    while i < v.len() && is(v[i], class) {
        i += 1;
    }
    i
}

/// Whether `v[i..]` starts with `word`, ignoring ASCII case (`word` is lower case).
pub fn starts_with_ci(v: &[u8], i: usize, word: &[u8]) -> bool {
    v.get(i..)
        .and_then(|s| s.get(..word.len()))
        .is_some_and(|s| s.eq_ignore_ascii_case(word))
}

/// Whether `v[..end]` ends with `word`, ignoring ASCII case (`word` is lower case).
pub fn ends_with_ci(v: &[u8], end: usize, word: &[u8]) -> bool {
    starts_with_ci(v, end.wrapping_sub(word.len()), word)
}
