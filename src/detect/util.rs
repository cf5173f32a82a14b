//! Byte-level helpers shared by the scanners.

pub fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Whether the byte before `i` (if any) is a word character or one of `extra`.
pub fn preceded_by_word(bytes: &[u8], i: usize, extra: &[u8]) -> bool {
    i > 0 && (is_alnum(bytes[i - 1]) || bytes[i - 1] == b'_' || extra.contains(&bytes[i - 1]))
}

/// Whether the byte at `i` (if any) is a word character or one of `extra`.
pub fn followed_by_word(bytes: &[u8], i: usize, extra: &[u8]) -> bool {
    i < bytes.len() && (is_alnum(bytes[i]) || bytes[i] == b'_' || extra.contains(&bytes[i]))
}

/// Every index where `needle` starts in `hay`.
pub fn find_all<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let last = hay.len().saturating_sub(needle.len() - 1);
    (0..last).filter(move |&i| hay[i] == needle[0] && hay[i..].starts_with(needle))
}

/// A run of digits, possibly split into groups by single separators from `seps`.
pub struct DigitRun {
    pub end: usize,
    pub digits: Vec<u8>,
    pub groups: Vec<usize>,
    /// The end offset of each group.
    pub ends: Vec<usize>,
    pub separator: Option<u8>,
}

/// Reads digits from `start`, allowing one separator from `seps` between groups (the same one
/// throughout). Stops before a trailing separator.
pub fn digit_run(bytes: &[u8], start: usize, seps: &[u8], max_digits: usize) -> DigitRun {
    let mut run = DigitRun {
        end: start,
        digits: Vec::new(),
        groups: Vec::new(),
        ends: Vec::new(),
        separator: None,
    };
    let mut i = start;
    let mut group = 0;
    while i < bytes.len() && run.digits.len() <= max_digits {
        let b = bytes[i];
        if b.is_ascii_digit() {
            run.digits.push(b - b'0');
            group += 1;
            i += 1;
            run.end = i;
        } else if group > 0
            && seps.contains(&b)
            && run.separator.is_none_or(|s| s == b)
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            run.separator = Some(b);
            run.groups.push(group);
            run.ends.push(i);
            group = 0;
            i += 1;
        } else {
            break;
        }
    }
    if group > 0 {
        run.groups.push(group);
        run.ends.push(run.end);
    }
    run
}

/// Where to resume after a digit run matched nothing: the end of its first group, so a match
/// starting at a later group is still found.
pub fn first_group_end(run: &DigitRun, start: usize) -> usize {
    run.ends.first().copied().unwrap_or(start).max(start + 1)
}
