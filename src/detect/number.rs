//! Number runs: digit groups joined by single separators, read once for every number detector.
//!
//! `+1 (415) 555-0132`, `4111.1111 1111-1111`, `203.0.113.7` and `123-45-6789` are each one
//! run. Card, IMEI, SSN, phone and IPv4 judge windows of its groups ([`find`]): a window starts
//! at the run's start or after a space (`1795357980827 4111 1111 1111 1111 0.14` holds a card)
//! and holds at most 8 groups and 19 digits. The run is read once and the pass resumes after
//! it, so a run costs its length plus a bounded number of windows per group.

use super::class::{at, before, is, is_word, ALNUM, ALPHA, DIGIT};
use super::pass::Cx;
use super::{Detector, RUN_FINDERS};

/// The separator in front of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
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
    /// Where its digit values start in the run's `digits`.
    digit: usize,
    pub sep: Sep,
    /// Alone inside parentheses: `(415)`, `(0)`.
    pub paren: bool,
}

impl Group {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
}

/// A run: where it starts (at `+`, `(` or its first digit), whether it has a leading `+`, its
/// groups and all its digit values (in scratch space, reused across runs).
pub struct Run<'s> {
    pub start: usize,
    pub plus: bool,
    pub groups: &'s [Group],
    digits: &'s [u8],
}

/// Scratch space for runs.
#[derive(Debug, Default)]
pub struct Buffers {
    groups: Vec<Group>,
    digits: Vec<u8>,
}

impl Buffers {
    pub fn retained_bytes(&self) -> usize {
        std::mem::size_of::<Group>() * self.groups.capacity() + self.digits.capacity()
    }
}

/// Reads the run starting at `at` (a digit, or `+`/`(` before one).
pub fn parse<'s>(v: &[u8], start: usize, buf: &'s mut Buffers) -> Run<'s> {
    let Buffers { groups, digits } = buf;
    groups.clear();
    digits.clear();
    let mut i = start;
    let plus = at(v, i) == b'+';
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
        let digit = digits.len();
        while i < v.len() && v[i].is_ascii_digit() {
            digits.push(v[i] - b'0');
            i += 1;
        }
        if i == s {
            break;
        }
        groups.push(Group {
            start: s,
            end: i,
            digit,
            sep,
            paren: false,
        });
        let mut j = i;
        let mut kind = None;
        if let Some(o) = open {
            if at(v, j) == b')' {
                if let Some(g) = groups.last_mut().filter(|_| o == s) {
                    g.paren = true;
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
        digits,
    }
}

impl Run<'_> {
    pub fn end(&self) -> usize {
        self.groups.last().map_or(self.start, |g| g.end)
    }

    /// The digit values of groups `k..=m`.
    pub fn digits(&self, k: usize, m: usize) -> &[u8] {
        let (Some(a), Some(b)) = (self.groups.get(k), self.groups.get(m)) else {
            return &[];
        };
        self.digits.get(a.digit..b.digit + b.len()).unwrap_or(&[])
    }
}

/// What a number detector says of a window.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// This window is one (a longer one from the same start may still win).
    Hit,
    /// Not this one; a longer one may be.
    Miss,
    /// No window from this start can be: the detector is not asked again until the next.
    Done,
}

impl Verdict {
    /// `Hit` if `hit`, else `Miss` if a longer window `may` be one, else `Done`.
    pub fn of(hit: bool, may: bool) -> Verdict {
        match (hit, may) {
            (true, _) => Verdict::Hit,
            (false, true) => Verdict::Miss,
            (false, false) => Verdict::Done,
        }
    }
}

/// Groups `k..=m` of a run, as the number detectors judge them.
pub struct Window<'a> {
    pub v: &'a [u8],
    pub run: &'a Run<'a>,
    pub k: usize,
    pub m: usize,
    /// The digit values.
    pub d: &'a [u8],
    /// The group lengths, one nibble each (capped at 15): `[3, 2, 4]` is `0x324`.
    pub lens: u32,
    /// The separators between the groups, one nibble each (`Sep as u32`).
    pub seps: u32,
    /// The window starts the run or follows a space.
    pub spaced: bool,
    /// The window ends the run with no word byte next, or is followed by a space.
    pub ends: bool,
    /// The separator after the window (`Start` at the run's end).
    pub next: Sep,
    /// The window starts where this detector may start again: the run's start, or right
    /// after its last hit in this run.
    pub fresh: bool,
}

impl Window<'_> {
    /// Whether every separator of the window is `sep` (true for one group).
    pub fn all(&self, sep: Sep) -> bool {
        let n = 4 * (self.m - self.k) as u32;
        self.seps == (sep as u32) * ((1u32 << n) - 1) / 15
    }

    /// Whether the run's own start may begin this number: not after `.` or `-` (`0.4111...`,
    /// `ORD-4111...`), not after `+`.
    pub fn clean(&self) -> bool {
        self.k > 0 || !self.run.plus && !matches!(before(self.v, self.run.start), b'.' | b'-')
    }
}

/// Runs the number detectors in `set` over every window of `run`: each keeps, per start, its
/// longest window, and starts again after it. A detector that answers `Done` is not asked
/// about longer windows, so `1 1 1 1 ...` costs a few questions per group.
pub fn find(cx: &mut Cx, run: &Run, set: u32) {
    let (v, g) = (cx.v, run.groups);
    let mut next = [0usize; 32];
    for (k, gk) in g.iter().enumerate() {
        let spaced = k == 0 || gk.sep == Sep::Space;
        if !spaced && gk.sep != Sep::Dash {
            continue;
        }
        // The longest window per detector, as `m - k` (8: none), and who is still asking.
        let mut best = [8u8; 32];
        let mut live = set;
        let (mut lens, mut seps) = (0, 0);
        for (m, gm) in g.iter().enumerate().skip(k).take(8) {
            let d = run.digits(k, m);
            if d.len() > 19 || live == 0 {
                break;
            }
            lens = lens << 4 | gm.len().min(15) as u32;
            if m > k {
                seps = seps << 4 | gm.sep as u32;
            }
            let after = g.get(m + 1).map_or(Sep::Start, |x| x.sep);
            let mut w = Window {
                v,
                run,
                k,
                m,
                d,
                lens,
                seps,
                spaced,
                ends: after == Sep::Space || after == Sep::Start && !is_word(at(v, gm.end)),
                next: after,
                fresh: false,
            };
            let mut bits = live;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                w.fresh = k == next[i];
                let verdict = match RUN_FINDERS.get(i) {
                    Some(Some(judge)) if k >= next[i] => judge(&w),
                    _ => Verdict::Done,
                };
                match verdict {
                    Verdict::Hit => best[i] = (m - k) as u8,
                    Verdict::Miss => {}
                    Verdict::Done => live &= !(1 << i),
                }
            }
        }
        let mut bits = set;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let (true, Some(&d), Some(gm)) = (
                best[i] < 8,
                Detector::ALL.get(i),
                g.get(k + best[i] as usize),
            ) {
                // With a leading `+`, or an area code's parenthesis.
                let start = if k == 0 && run.plus {
                    run.start
                } else {
                    gk.start - gk.paren as usize
                };
                cx.push(d, start, gm.end);
                next[i] = k + best[i] as usize + 1;
            }
        }
    }
}

/// Whether a run starting at `i` continues an IBAN-like code (`DE89 3704 0044 ...`, `GB82
/// WEST 1234 ...`): its digits belong to the code, not to a phone or card of their own.
pub fn after_code(v: &[u8], i: usize) -> bool {
    let mut p = i;
    for _ in 0..3 {
        if p < 5 || !matches!(before(v, p), b' ' | b'-') {
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
        let mut b = Buffers::default();
        let run = parse(s.as_bytes(), 0, &mut b);
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
