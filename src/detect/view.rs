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

use super::class::{at, is, ESCAPE, NON_ASCII};
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
    if !layer(text.as_bytes(), view, map, ESCAPE | NON_ASCII) {
        return false;
    }
    // Characters the first layer kept need no second look: folding them again changes nothing.
    if layer(view, tmp, tmp_map, ESCAPE) {
        for m in tmp_map.iter_mut() {
            *m = map.get(*m as usize).copied().unwrap_or(0);
        }
        core::mem::swap(view, tmp);
        core::mem::swap(map, tmp_map);
    }
    true
}

/// One layer: decodes and folds the bytes of `t` in `class`. A decoded character that does
/// not fold is written as the one byte 0x80: to the detectors, a letter of some script.
fn layer(t: &[u8], view: &mut Vec<u8>, map: &mut Vec<u32>, class: u16) -> bool {
    let mut i = next_trigger(t, 0, class);
    if i == t.len() {
        return false;
    }
    view.clear();
    map.clear();
    // `t[copied..i]` is unchanged and not yet written.
    let mut copied = 0;
    while i < t.len() {
        // A decoded escape always changes the text; a character only if it folds.
        let (c, len, escape) = match unescape::unit(t, i) {
            Some((c, len)) => (c, len, true),
            None if t[i] < 0x80 => (0, unescape::literal_len(t, i), false),
            None => {
                // A UTF-8 sequence (the text is a `str`, and the first layer is the only one
                // that reads non-ASCII).
                let n = (t[i] >= 0xc0) as usize + (t[i] >= 0xe0) as usize + (t[i] >= 0xf0) as usize;
                let mut c = t[i] as u32 & 0x7f >> n;
                for k in 1..=n {
                    c = c << 6 | at(t, i + k) as u32 & 0x3f;
                }
                (c, n + 1, false)
            }
        };
        let fold = fold(c);
        if escape || c > 0x7f && !matches!(fold, Fold::Keep) {
            copy(t, copied, i, view, map);
            let out = match fold {
                Fold::Ascii(b) => Some(b),
                Fold::Delete => None,
                Fold::Keep => Some(0x80),
            };
            if let Some(b) = out {
                view.push(b);
                map.push(i as u32);
            }
            copied = i + len;
        }
        i = next_trigger(t, i + len, class);
    }
    if copied == 0 {
        return false;
    }
    copy(t, copied, t.len(), view, map);
    map.push(t.len() as u32);
    true
}

/// Writes `t[from..to]` to the view unchanged.
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
        assert_eq!(
            view("%C3%A9t%C3%A9").unwrap(),
            "\u{80}t\u{80}".replace('\u{80}', "\u{fffd}")
        );
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
