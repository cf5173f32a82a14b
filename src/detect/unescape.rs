//! Decoding one escaped character where text holds it literally: percent-encoding (`%40`,
//! double `%2540`, UTF-8 `%EF%BC%A0`), HTML character references (`&#64;`, `&#x40;`,
//! `&commat;`, nested `&amp;#64;`) and JSON escapes (`\u0040`, `\\u0040`).
//!
//! Each call consumes what it reads, so chains of any depth cost one look at each byte.

use super::class::at;

/// The code point of the escape starting at `v[i]` (a `%`, `&` or `\`) and its length; None
/// for any other byte.
pub fn unit(v: &[u8], i: usize) -> Option<(u32, usize)> {
    match at(v, i) {
        b'%' => percent(v, i),
        b'&' => entity(v, i + 1).map(|(c, end)| (c, end - i)),
        b'\\' => backslash(v, i),
        _ => None,
    }
}

fn hex(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

fn hex_pair(v: &[u8], i: usize) -> Option<u32> {
    Some(hex(*v.get(i)?)? << 4 | hex(*v.get(i + 1)?)?)
}

/// One percent-encoded byte at `v[i] == '%'`, through any number of `%25` layers
/// (`%252540` is `%2540` is `%40`): the byte and the end of what was read.
fn pct_byte(v: &[u8], i: usize) -> Option<(u32, usize)> {
    let mut b = hex_pair(v, i + 1)?;
    let mut end = i + 3;
    while b == 0x25 {
        match hex_pair(v, end) {
            Some(next) => {
                b = next;
                end += 2;
            }
            None => break,
        }
    }
    Some((b, end))
}

/// A percent-encoded character, decoding a UTF-8 sequence of encoded bytes.
fn percent(v: &[u8], i: usize) -> Option<(u32, usize)> {
    let (lead, mut end) = pct_byte(v, i)?;
    let more = match lead {
        0..=0x7f => return Some((lead, end - i)),
        0xc2..=0xdf => 1,
        0xe0..=0xef => 2,
        0xf0..=0xf4 => 3,
        _ => return None,
    };
    let mut c = lead & (0x3f >> more);
    for _ in 0..more {
        if v.get(end) != Some(&b'%') {
            return None;
        }
        let (b, e) = pct_byte(v, end)?;
        if b & 0xc0 != 0x80 {
            return None;
        }
        c = c << 6 | (b & 0x3f);
        end = e;
    }
    char::from_u32(c).map(|_| (c, end - i))
}

/// A character reference whose body starts at `v[i]` (just after `&`): the code point and the
/// end. A reference to `&` followed by another body is decoded again (`&amp;amp;#64;`).
fn entity(v: &[u8], i: usize) -> Option<(u32, usize)> {
    let (mut c, mut end) = entity_body(v, i)?;
    while c == '&' as u32 {
        let Some(next) = entity_body(v, end) else {
            break;
        };
        (c, end) = next;
    }
    Some((c, end))
}

/// `#64;`, `#x40;` (the semicolon may be missing: browsers accept `&#64`) or `commat;`.
fn entity_body(v: &[u8], i: usize) -> Option<(u32, usize)> {
    let num = at(v, i) == b'#';
    let hex = num && at(v, i + 1) | 0x20 == b'x';
    let start = i + num as usize + hex as usize;
    let (mut j, mut c) = (start, 0u32);
    while j - start < 7 {
        let b = at(v, j);
        let d = match b | 0x20 {
            b'0'..=b'9' if num => b - b'0',
            b'a'..=b'f' if hex => (b | 0x20) - b'a' + 10,
            b'a'..=b'z' if !num => 0,
            _ => break,
        };
        c = c * if hex { 16 } else { 10 } + d as u32;
        j += 1;
    }
    let semi = at(v, j) == b';';
    if !num {
        c = named(v.get(start..j).filter(|_| semi)?)?;
    }
    char::from_u32(c).filter(|_| j > start)?;
    Some((c, j + semi as usize))
}

/// The named references that spell characters the detectors care about: each name followed
/// by what it stands for (`\0`: an invisible character, dropped like U+00AD).
const NAMED: &[u8] = b"amp&commat@period.plus+nbsp hyphen-colon:sol/lowbar_shy\0zwj\0zwnj\0";

fn named(name: &[u8]) -> Option<u32> {
    let mut rest = NAMED;
    while let Some(k) = rest.iter().position(|b| !b.is_ascii_alphabetic()) {
        let c = rest.get(k).copied().unwrap_or(0);
        if rest.get(..k) == Some(name) {
            return Some(if c == 0 { 0xad } else { c as u32 });
        }
        rest = rest.get(k + 1..).unwrap_or(&[]);
    }
    None
}

/// `\u0040`, after any run of backslashes (text escaped twice). A run that escapes nothing is
/// returned whole as not decoded, so a long run is looked at once.
fn backslash(v: &[u8], i: usize) -> Option<(u32, usize)> {
    let j = i + literal_len(v, i);
    let c = hex_pair(v, j + 1)? << 8 | hex_pair(v, j + 3)?;
    (at(v, j) == b'u').then_some(())?;
    char::from_u32(c).map(|_| (c, j + 5 - i))
}

/// How many bytes to copy unchanged when [`unit`] decodes nothing at `i`.
pub fn literal_len(v: &[u8], i: usize) -> usize {
    let run = v.get(i..).unwrap_or(&[]);
    run.iter().take_while(|&&b| b == b'\\').count().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Option<(char, usize)> {
        unit(s.as_bytes(), 0).map(|(c, n)| (char::from_u32(c).unwrap(), n))
    }

    #[test]
    fn table() {
        assert_eq!(dec("%40x"), Some(('@', 3)));
        assert_eq!(dec("%2540"), Some(('@', 5)));
        assert_eq!(dec("%25252540"), Some(('@', 9)));
        assert_eq!(dec("%25"), Some(('%', 3)));
        assert_eq!(dec("%EF%BC%A0"), Some(('＠', 9)));
        assert_eq!(dec("%C2%A0"), Some(('\u{a0}', 6)));
        assert_eq!(dec("%C2"), None);
        assert_eq!(dec("%zz"), None);
        assert_eq!(dec("&#64;"), Some(('@', 5)));
        assert_eq!(dec("&#x40;"), Some(('@', 6)));
        assert_eq!(dec("&#64x"), Some(('@', 4)));
        assert_eq!(dec("&commat;"), Some(('@', 8)));
        assert_eq!(dec("&amp;#64;"), Some(('@', 9)));
        assert_eq!(dec("&amp;amp;commat;"), Some(('@', 16)));
        assert_eq!(dec("&amp;"), Some(('&', 5)));
        assert_eq!(dec("&amp;x"), Some(('&', 5)));
        assert_eq!(dec("&unknown;"), None);
        assert_eq!(dec("&#;"), None);
        assert_eq!(dec("&#99999999;"), None);
        assert_eq!(dec("\\u0040"), Some(('@', 6)));
        assert_eq!(dec("\\\\u0040"), Some(('@', 7)));
        assert_eq!(dec("\\x40"), None);
        assert_eq!(dec("\\ud83d"), None);
        assert_eq!(literal_len(b"\\\\\\q", 0), 3);
    }
}
