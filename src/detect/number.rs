//! Number runs: digit groups joined by single separators, read once for every number detector.
//!
//! `+1 (415) 555-0132`, `4111.1111 1111-1111`, `203.0.113.7` and `123-45-6789` are each one
//! run. Card, IMEI, SSN, phone and IPv4 look at windows of its groups: a window starts at the
//! run's start or after a space (`1795357980827 4111 1111 1111 1111 0.14` holds a card) and
//! ends at the run's end or before a space. The run is read once and the pass resumes after
//! it, so a run costs its length plus a bounded number of windows per group.

use super::class::{at, before, is, is_word, ALNUM, ALPHA, DIGIT};

/// The separator in front of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    Start,
    Space,
    Dash,
    Dot,
    Slash,
    Plus,
    /// Any separator with a parenthesis in it: `(`, `) `, `)-`.
    Paren,
}

#[derive(Debug, Clone, Copy)]
pub struct Group {
    pub start: usize,
    pub end: usize,
    pub sep: Sep,
    /// Alone inside parentheses: `(415)`, `(0)`.
    pub paren: bool,
}

impl Group {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
}

/// A run: where it starts (at `+`, `(` or its first digit), whether it has a leading `+`, and
/// its groups (in the scratch space, reused across runs).
pub struct Run<'s> {
    pub start: usize,
    pub plus: bool,
    pub groups: &'s [Group],
}

/// Reads the run starting at `at` (a digit, or `+`/`(` before one) into `groups`.
pub fn parse<'s>(v: &[u8], start: usize, groups: &'s mut Vec<Group>) -> Run<'s> {
    groups.clear();
    let mut i = start;
    let plus = v[i] == b'+';
    i += plus as usize;
    let mut open = None;
    let mut sep = Sep::Start;
    if at(v, i) == b'(' {
        open = Some(i + 1);
        sep = Sep::Paren;
        i += 1;
    }
    loop {
        let s = i;
        while i < v.len() && v[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            break;
        }
        groups.push(Group {
            start: s,
            end: i,
            sep,
            paren: false,
        });
        let mut j = i;
        let mut kind = None;
        if let Some(o) = open {
            if at(v, j) == b')' {
                if o == s {
                    groups.last_mut().unwrap().paren = true;
                }
                open = None;
                kind = Some(Sep::Paren);
                j += 1;
            }
        }
        let single = match at(v, j) {
            b' ' => Some(Sep::Space),
            b'-' => Some(Sep::Dash),
            b'.' => Some(Sep::Dot),
            b'/' => Some(Sep::Slash),
            b'+' => Some(Sep::Plus),
            _ => None,
        };
        if let Some(k) = single {
            kind = Some(kind.map_or(k, |_| Sep::Paren));
            j += 1;
        }
        if open.is_none() && at(v, j) == b'(' && is(at(v, j + 1), DIGIT) && kind != Some(Sep::Paren)
        {
            open = Some(j + 1);
            kind = Some(Sep::Paren);
            j += 1;
        }
        match kind {
            Some(k) if is(at(v, j), DIGIT) => {
                sep = k;
                i = j;
            }
            _ => break,
        }
    }
    Run {
        start,
        plus,
        groups,
    }
}

impl Run<'_> {
    pub fn end(&self) -> usize {
        self.groups.last().map_or(self.start, |g| g.end)
    }

    /// Whether the run's own start may begin a number: not after `.` or `-` (`0.4111...`,
    /// `ORD-4111...`), and not after `+`.
    pub fn clean_start(&self, v: &[u8]) -> bool {
        !self.plus && !matches!(before(v, self.start), b'.' | b'-')
    }

    /// Whether a window may start at group `k`: the run's start, or after a space.
    pub fn starts(&self, k: usize) -> bool {
        k == 0 || self.groups[k].sep == Sep::Space
    }

    /// Whether a window may end at group `m`: the run's end with no word byte next, or before
    /// a space.
    pub fn ends(&self, v: &[u8], m: usize) -> bool {
        match self.groups.get(m + 1) {
            Some(g) => g.sep == Sep::Space,
            None => !is_word(at(v, self.groups[m].end)),
        }
    }

    /// The byte range of groups `k..=m`, with a leading `+` or an area code's parenthesis.
    pub fn span(&self, k: usize, m: usize) -> (usize, usize) {
        let g = &self.groups[k];
        let start = if k == 0 && self.plus {
            self.start
        } else {
            g.start - g.paren as usize
        };
        (start, self.groups[m].end)
    }

    /// The digit values of groups `k..=m` (skipping `skip`, if any) into `buf`; None if they
    /// do not fit.
    pub fn digits<'b>(
        &self,
        v: &[u8],
        k: usize,
        m: usize,
        skip: Option<usize>,
        buf: &'b mut [u8; 20],
    ) -> Option<&'b [u8]> {
        let mut n = 0;
        for (i, g) in self.groups[k..=m].iter().enumerate() {
            if skip == Some(k + i) {
                continue;
            }
            for &b in &v[g.start..g.end] {
                *buf.get_mut(n)? = b - b'0';
                n += 1;
            }
        }
        Some(&buf[..n])
    }

    /// Digits in groups `k..=m`.
    pub fn count(&self, k: usize, m: usize) -> usize {
        self.groups[k..=m].iter().map(Group::len).sum()
    }
}

/// Whether a run starting at `i` continues an IBAN-like code (`DE89 3704 0044 ...`, `GB82
/// WEST 1234 ...`): its digits belong to the code, not to a phone or card of their own.
pub fn after_code(v: &[u8], i: usize) -> bool {
    let mut p = i;
    for _ in 0..3 {
        if p < 5 || !matches!(v[p - 1], b' ' | b'-') {
            return false;
        }
        let g = &v[p - 5..p - 1];
        if !g.iter().all(|&b| is(b, ALNUM)) || is(before(v, p - 5), ALNUM) {
            return false;
        }
        if is(g[0], ALPHA) && is(g[1], ALPHA) && is(g[2], DIGIT) && is(g[3], DIGIT) {
            return true;
        }
        p -= 5;
    }
    false
}

/// The value of a short digit slice.
pub fn value(d: &[u8]) -> u32 {
    d.iter()
        .fold(0u32, |a, &x| a.wrapping_mul(10).wrapping_add(x as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(s: &str) -> Vec<(&str, Sep, bool)> {
        let mut g = Vec::new();
        let run = parse(s.as_bytes(), 0, &mut g);
        run.groups
            .iter()
            .map(|g| (&s[g.start..g.end], g.sep, g.paren))
            .collect()
    }

    #[test]
    fn runs() {
        use Sep::*;
        assert_eq!(
            groups("(415) 555-0132 x"),
            [
                ("415", Paren, true),
                ("555", Paren, false),
                ("0132", Dash, false)
            ]
        );
        assert_eq!(
            groups("+44 (0)20 7946"),
            [
                ("44", Start, false),
                ("0", Paren, true),
                ("20", Paren, false),
                ("7946", Space, false)
            ]
        );
        assert_eq!(
            groups("(1-618-507-7401)"),
            [
                ("1", Paren, false),
                ("618", Dash, false),
                ("507", Dash, false),
                ("7401", Dash, false)
            ]
        );
        assert_eq!(groups("12 +34"), [("12", Start, false)]);
        assert_eq!(groups("1..2"), [("1", Start, false)]);
        assert!(after_code(b"DE89 3704", 5));
        assert!(after_code(b"GB82 WEST 1234", 10));
        assert!(!after_code(b"Call 0171", 5));
    }
}
