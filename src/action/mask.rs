//! Masking: keep the last few characters, hide the rest.

/// Masks `s`, revealing at most `keep_last` trailing characters and never more than half.
/// Without `preserve_length` the hidden part is always four `mask` characters, so the output
/// does not reveal the length. Already-masked output is returned unchanged (idempotent).
pub fn mask(s: &str, keep_last: usize, mask: char, preserve_length: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    if !preserve_length && is_masked(&chars, keep_last, mask) {
        return s.to_owned();
    }
    let reveal = keep_last.min(n / 2);
    let hidden = if preserve_length { n - reveal } else { 4 };
    let mut out = String::with_capacity(hidden + reveal * 4);
    out.extend(std::iter::repeat_n(mask, hidden));
    out.extend(&chars[n - reveal..]);
    out
}

fn is_masked(chars: &[char], keep_last: usize, mask: char) -> bool {
    chars.len() >= 4 && chars.len() <= 4 + keep_last && chars[..4].iter().all(|&c| c == mask)
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn table() {
        assert_eq!(mask("4111111111111111", 4, '*', false), "****1111");
        assert_eq!(mask("4111111111111111", 4, '*', true), "************1111");
        assert_eq!(mask("ab", 4, '*', false), "****b");
        assert_eq!(mask("", 4, '*', false), "****");
        assert_eq!(mask("jane@example.com", 0, '•', false), "••••");
        for s in ["4111111111111111", "ab", "x", "hello world"] {
            for p in [false, true] {
                let once = mask(s, 4, '*', p);
                assert_eq!(mask(&once, 4, '*', p), once, "{s} {p}");
            }
        }
    }
}
