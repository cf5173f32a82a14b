//! Runs a set of detectors and the policy's patterns over one string and resolves overlapping
//! hits.

use super::number::Buffers;
use super::{pass, view, Detector, DetectorSet};
use regex_lite::Regex;

/// What found a hit: a built-in detector or the policy's pattern at this index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Builtin(Detector),
    Pattern(usize),
}

/// A byte range of the scanned text holding personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub source: Source,
}

impl Hit {
    pub fn builtin(start: usize, end: usize, d: Detector) -> Self {
        Hit {
            start,
            end,
            source: Source::Builtin(d),
        }
    }

    fn rank(&self) -> usize {
        match self.source {
            Source::Builtin(d) => d as usize,
            Source::Pattern(i) => Detector::ALL.len() + i,
        }
    }
}

/// Buffers a caller keeps across [`scan_with`] calls: a string that needs no normalized view
/// and has no hits allocates nothing once they have grown.
#[derive(Debug, Default)]
pub struct Scratch {
    view: Vec<u8>,
    map: Vec<u32>,
    tmp: Vec<u8>,
    tmp_map: Vec<u32>,
    runs: Buffers,
    sorted: Vec<Hit>,
}

impl Scratch {
    /// Bytes the buffers hold on to (their capacity), so a keeper can let go of what one huge
    /// input grew.
    pub fn retained_bytes(&self) -> usize {
        self.view.capacity()
            + 4 * self.map.capacity()
            + self.tmp.capacity()
            + 4 * self.tmp_map.capacity()
            + self.runs.retained_bytes()
            + std::mem::size_of::<Hit>() * self.sorted.capacity()
    }
}

/// [`scan_with`] with fresh buffers.
pub fn scan(text: &str, set: DetectorSet, patterns: &[(usize, &Regex)], hits: &mut Vec<Hit>) {
    scan_with(&mut Scratch::default(), text, set, patterns, hits);
}

/// Finds every hit of `set` and of the given `(index, pattern)`s in `text`, leaving in `hits`
/// a sorted list of non-overlapping byte ranges of `text` on character boundaries. Where hits
/// overlap, the one that starts first wins, then the higher-priority kind, then the longer.
/// Built-in detectors read the normalized view; patterns read the text as it is.
pub fn scan_with(
    s: &mut Scratch,
    text: &str,
    set: DetectorSet,
    patterns: &[(usize, &Regex)],
    hits: &mut Vec<Hit>,
) {
    hits.clear();
    if text.is_empty() {
        return;
    }
    if !set.is_empty() {
        if view::build(text, &mut s.view, &mut s.map, &mut s.tmp, &mut s.tmp_map) {
            pass::run(&s.view, set, hits, &mut s.runs);
            for h in hits.iter_mut() {
                (h.start, h.end) = view::original(&s.map, text, h.start, h.end);
            }
        } else {
            pass::run(text.as_bytes(), set, hits, &mut s.runs);
        }
    }
    for &(index, re) in patterns {
        for m in re.find_iter(text) {
            if m.start() < m.end() {
                hits.push(Hit {
                    start: m.start(),
                    end: m.end(),
                    source: Source::Pattern(index),
                });
            }
        }
    }
    if hits.len() > 1 {
        sort(hits, &mut s.sorted);
        resolve(hits);
    }
}

fn before(a: &Hit, b: &Hit) -> bool {
    (a.start, a.rank(), b.end) <= (b.start, b.rank(), a.end)
}

/// A stable merge sort of the ascending runs already in `hits`: the pass leaves its hits
/// almost in order and each pattern's in order, so this is one or a few merges. Core's sort
/// costs KBs of Wasm.
fn sort(hits: &mut Vec<Hit>, buf: &mut Vec<Hit>) {
    let run_end = |h: &[Hit], mut i: usize| {
        i += 1;
        while let (Some(x), Some(y)) = (h.get(i - 1), h.get(i)) {
            if !before(x, y) {
                break;
            }
            i += 1;
        }
        i.min(h.len())
    };
    while run_end(hits, 0) < hits.len() {
        buf.clear();
        let mut i = 0;
        while i < hits.len() {
            let mid = run_end(hits, i);
            let end = run_end(hits, mid);
            let (mut a, mut b) = (i, mid);
            loop {
                let x = hits.get(a).filter(|_| a < mid);
                let y = hits.get(b).filter(|_| b < end);
                let h = match (x, y) {
                    (Some(x), Some(y)) if !before(x, y) => {
                        b += 1;
                        y
                    }
                    (Some(x), _) => {
                        a += 1;
                        x
                    }
                    (None, Some(y)) => {
                        b += 1;
                        y
                    }
                    (None, None) => break,
                };
                buf.push(*h);
            }
            i = end;
        }
        std::mem::swap(hits, buf);
    }
}

/// Keeps the first of each overlapping pair; a higher-priority hit that overlaps and reaches
/// further takes the earlier one's place from its start.
fn resolve(hits: &mut Vec<Hit>) {
    let mut kept: usize = 0;
    for i in 0..hits.len() {
        let h = hits[i];
        if let Some(last) = kept.checked_sub(1).and_then(|k| hits.get_mut(k)) {
            if h.start < last.end {
                if h.end > last.end && h.rank() < last.rank() {
                    *last = Hit {
                        start: last.start,
                        ..h
                    };
                }
                continue;
            }
        }
        if let Some(slot) = hits.get_mut(kept) {
            *slot = h;
        }
        kept += 1;
    }
    hits.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, &'static str)> {
        let mut hits = Vec::new();
        scan(text, DetectorSet::all(), &[], &mut hits);
        hits.iter()
            .map(|h| match h.source {
                Source::Builtin(d) => (&text[h.start..h.end], d.name()),
                Source::Pattern(_) => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn overlapping_hits_resolve_to_one() {
        assert_eq!(
            found("Payment failed for jane.doe@example.com card 4111 1111 1111 1111"),
            vec![
                ("jane.doe@example.com", "email"),
                ("4111 1111 1111 1111", "card")
            ]
        );
        assert_eq!(
            found("https://bob:hunter2@example.com/x"),
            vec![("bob:hunter2", "url_credentials")]
        );
    }

    #[test]
    fn user_patterns_join_the_scan() {
        let re = Regex::new("ORD-[0-9]{6}").unwrap();
        let mut hits = Vec::new();
        scan(
            "order ORD-123456 by a@b.co",
            DetectorSet::all(),
            &[(0, &re)],
            &mut hits,
        );
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].source, Source::Pattern(0));
    }

    #[test]
    fn sort_merges_runs() {
        let h = |s, e| Hit::builtin(s, e, Detector::Email);
        let mut hits = vec![h(5, 6), h(9, 10), h(1, 2), h(7, 8), h(0, 1), h(3, 4)];
        sort(&mut hits, &mut Vec::new());
        let starts: Vec<usize> = hits.iter().map(|h| h.start).collect();
        assert_eq!(starts, [0, 1, 3, 5, 7, 9]);
    }
}
