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

/// At most this many digits and groups are kept; longer runs match no detector anyway.
const MAX_DIGITS: usize = 40;
const MAX_GROUPS: usize = 8;

/// A run of digits, possibly split into groups by single separators from `seps`. Fixed-size,
/// so scanning allocates nothing.
pub struct DigitRun {
    pub end: usize,
    digit_buf: [u8; MAX_DIGITS],
    n_digits: usize,
    group_buf: [usize; MAX_GROUPS],
    end_buf: [usize; MAX_GROUPS],
    n_groups: usize,
    pub separator: Option<u8>,
}

impl DigitRun {
    pub fn digits(&self) -> &[u8] {
        &self.digit_buf[..self.n_digits]
    }
    pub fn groups(&self) -> &[usize] {
        &self.group_buf[..self.n_groups]
    }
    /// The end offset of each group.
    pub fn ends(&self) -> &[usize] {
        &self.end_buf[..self.n_groups]
    }
    fn close_group(&mut self, len: usize, end: usize) -> bool {
        if self.n_groups == MAX_GROUPS {
            return false;
        }
        self.group_buf[self.n_groups] = len;
        self.end_buf[self.n_groups] = end;
        self.n_groups += 1;
        true
    }
}

/// Reads digits from `start`, allowing one separator from `seps` between groups (the same one
/// throughout). Stops before a trailing separator, and after `max_digits` (+1) digits.
pub fn digit_run(bytes: &[u8], start: usize, seps: &[u8], max_digits: usize) -> DigitRun {
    let mut run = DigitRun {
        end: start,
        digit_buf: [0; MAX_DIGITS],
        n_digits: 0,
        group_buf: [0; MAX_GROUPS],
        end_buf: [0; MAX_GROUPS],
        n_groups: 0,
        separator: None,
    };
    let limit = max_digits.min(MAX_DIGITS - 1);
    let mut i = start;
    let mut group = 0;
    while i < bytes.len() && run.n_digits <= limit {
        let b = bytes[i];
        if b.is_ascii_digit() {
            run.digit_buf[run.n_digits] = b - b'0';
            run.n_digits += 1;
            group += 1;
            i += 1;
            run.end = i;
        } else if group > 0
            && seps.contains(&b)
            && run.separator.is_none_or(|s| s == b)
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            if !run.close_group(group, i) {
                break;
            }
            run.separator = Some(b);
            group = 0;
            i += 1;
        } else {
            break;
        }
    }
    if group > 0 && !run.close_group(group, run.end) {
        // Too many groups: keep the run as read so far; no detector accepts it.
        run.n_groups = MAX_GROUPS;
    }
    run
}

/// Where to resume after a digit run matched nothing: the end of its first group, so a match
/// starting at a later group is still found.
pub fn first_group_end(run: &DigitRun, start: usize) -> usize {
    run.ends().first().copied().unwrap_or(start).max(start + 1)
}

/// Whether a number ending at `end` stands alone: no letter, digit or decimal part follows.
pub fn ends_number(bytes: &[u8], end: usize) -> bool {
    !(followed_by_word(bytes, end, b"")
        || bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
}

/// Scans `text` for digit runs (groups joined by one of `seps`) that start at a word boundary,
/// and reports, for each, the longest leading groups that `accept(digits, groups, end, whole)`
/// takes (`whole`: all groups of the run). After a miss it resumes at the end of the first
/// group, so a match starting at a later group is still found.
pub fn find_digit_runs(
    text: &str,
    seps: &[u8],
    max_digits: usize,
    accept: impl Fn(&[u8], &[usize], usize, bool) -> bool,
    push: &mut impl FnMut(usize, usize),
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || preceded_by_word(bytes, i, b".-") {
            i += 1;
            continue;
        }
        let run = digit_run(bytes, i, seps, max_digits);
        let n = run.groups().len();
        let found = (1..=n).rev().find_map(|k| {
            let groups = &run.groups()[..k];
            let end = run.ends()[k - 1];
            let digits = &run.digits()[..groups.iter().sum::<usize>()];
            accept(digits, groups, end, k == n).then_some(end)
        });
        match found {
            Some(end) => {
                push(i, end);
                i = end;
            }
            None => i = first_group_end(&run, i),
        }
    }
}
