//! The normalized view: the text as the detectors read it, with a map back to the original.
//!
//! Escapes become what they spell ([`unescape`]) and look-alike characters their ASCII meaning
//! ([`fold`]); everything else is copied. `map[i]` is the original offset of the unit that
//! produced view byte `i` (one more entry holds the text's length), so a hit maps back to the
//! whole original span, invisible characters and all.
//!
//! Lazy: a text with no `%`, `&`, `\` and no non-ASCII byte is its own view (one table
//! lookup per byte), and a view is only written from the first unit that actually changes.
//!
//! Two layers: what the first decodes may spell another escape (`%26%2364%3B` is `&#64;`,
//! `%２B` has a fullwidth digit), so a changed view that still holds `%`, `&` or `\` is read
//! once more. Each layer is one linear pass; same-kind nesting of any depth (`%252540`,
//! `&amp;amp;#64;`) is already decoded within a layer.

use super::class::{is, ESCAPE, NON_ASCII};
use super::fold::{fold, Fold};
use super::unescape;

/// The first byte at or after `i` in `class` (escapes, and non-ASCII in the first layer).
fn next_trigger(t: &[u8], mut i: usize, class: u16) -> usize {
    while i < t.len() && !is(t[i], class) {
        i += 1;
    }
    i
}

/// Writes the view of `text` into `view` and `map` (using `tmp` and `tmp_map` for the second
/// layer); false (and nothing written) when the text is its own view.
pub fn build(
    text: &str,
    view: &mut Vec<u8>,
    map: &mut Vec<u32>,
    tmp: &mut Vec<u8>,
    tmp_map: &mut Vec<u32>,
) -> bool {
    if !layer(text, view, map, ESCAPE | NON_ASCII) {
        return false;
    }
    // Characters the first layer kept need no second look: folding them again changes nothing.
    let second = core::str::from_utf8(view).is_ok_and(|v| layer(v, tmp, tmp_map, ESCAPE));
    if second {
        for m in tmp_map.iter_mut() {
            *m = map.get(*m as usize).copied().unwrap_or(0);
        }
        core::mem::swap(view, tmp);
        core::mem::swap(map, tmp_map);
    }
    true
}

/// One layer: decodes and folds the bytes of `text` in `class`.
fn layer(text: &str, view: &mut Vec<u8>, map: &mut Vec<u32>, class: u16) -> bool {
    let t = text.as_bytes();
    let mut i = next_trigger(t, 0, class);
    if i == t.len() {
        return false;
    }
    view.clear();
    map.clear();
    // `t[copied..i]` is unchanged and not yet written.
    let mut copied = 0;
    let mut started = false;
    while i < t.len() {
        let (out, len) = if t[i] < 0x80 {
            match unescape::unit(t, i) {
                Some((c, len)) => (Some(fold(c)).map(|f| (f, c)), len),
                None => (None, unescape::literal_len(t, i)),
            }
        } else {
            let c = text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ');
            match fold(c as u32) {
                Fold::Keep => (None, c.len_utf8()),
                f => (Some((f, c as u32)), c.len_utf8()),
            }
        };
        if let Some((f, c)) = out {
            if !started {
                view.reserve(t.len());
                map.reserve(t.len() + 1);
                started = true;
            }
            copy(t, copied, i, view, map);
            match f {
                Fold::Ascii(b) => {
                    view.push(b);
                    map.push(i as u32);
                }
                Fold::Delete => {}
                Fold::Keep => {
                    let mut buf = [0; 4];
                    let s = char::from_u32(c).unwrap_or(' ').encode_utf8(&mut buf);
                    view.extend_from_slice(s.as_bytes());
                    map.extend(core::iter::repeat_n(i as u32, s.len()));
                }
            }
            copied = i + len;
        }
        i = next_trigger(t, i + len, class);
    }
    if !started {
        return false;
    }
    copy(t, copied, t.len(), view, map);
    map.push(t.len() as u32);
    true
}

fn copy(t: &[u8], from: usize, to: usize, view: &mut Vec<u8>, map: &mut Vec<u32>) {
    view.extend_from_slice(t.get(from..to).unwrap_or(&[]));
    map.extend(from as u32..to as u32);
}

/// The original span of view bytes `start..end`, widened to character boundaries.
pub fn original(map: &[u32], text: &str, start: usize, end: usize) -> (usize, usize) {
    let m = |i: usize| map.get(i).map_or(text.len(), |&o| o as usize);
    let last = m(end - 1);
    let mut k = end;
    while m(k) == last {
        k += 1;
    }
    let (mut s, mut e) = (m(start), m(k));
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(s: &str) -> Option<String> {
        let (mut v, mut m) = (Vec::new(), Vec::new());
        build(s, &mut v, &mut m, &mut Vec::new(), &mut Vec::new()).then(|| {
            assert_eq!(m.len(), v.len() + 1);
            String::from_utf8_lossy(&v).into_owned()
        })
    }

    #[test]
    fn lazy() {
        assert_eq!(view("plain ascii, nothing to do: a+b=c"), None);
        assert_eq!(view("a=1&b=2 100% \\q é 例"), None);
    }

    #[test]
    fn normalizes() {
        assert_eq!(view("jane%40example.com").unwrap(), "jane@example.com");
        assert_eq!(view("ｊａｎｅ＠ｘ．ｃｏ").unwrap(), "jane@x.co");
        assert_eq!(view("4111\u{a0}1111\u{200b}1111").unwrap(), "4111 11111111");
        assert_eq!(view("a&#64;b&amp;c &commat; \\u0040").unwrap(), "a@b&c @ @");
        assert_eq!(view("%C3%A9t%C3%A9").unwrap(), "été");
        assert_eq!(view("%25%%2").unwrap(), "%%%2");
        // Two layers: a percent-encoded reference, a fullwidth digit inside an escape.
        assert_eq!(view("a%26%2364%3Bb").unwrap(), "a@b");
        assert_eq!(view("%２B44").unwrap(), "+44");
        assert_eq!(view("&#37;40").unwrap(), "@");
    }

    #[test]
    fn maps_back_to_whole_units() {
        let text = "x ja\u{200b}ne%40ex.com\u{ad}!";
        let (mut v, mut m) = (Vec::new(), Vec::new());
        assert!(build(
            text,
            &mut v,
            &mut m,
            &mut Vec::new(),
            &mut Vec::new()
        ));
        let at = v.iter().position(|&b| b == b'@').unwrap();
        let (s, e) = original(&m, text, at, at + 1);
        assert_eq!(&text[s..e], "%40");
        let (s, e) = original(&m, text, 2, v.len() - 1);
        assert_eq!(&text[s..e], "ja\u{200b}ne%40ex.com\u{ad}");
    }
}
