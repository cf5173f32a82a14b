//! Runs a set of detectors over one string and resolves overlapping hits.

use super::{Detector, DetectorSet};
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

/// Finds every hit of `set` and of the given `(index, pattern)`s in `text`, leaving in `hits`
/// a sorted list of non-overlapping ranges. Where hits overlap, the one that starts first wins,
/// then the higher-priority kind, then the longer.
fn hit_order(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    a.start
        .cmp(&b.start)
        .then(a.rank().cmp(&b.rank()))
        .then(b.end.cmp(&a.end))
}

pub fn scan(text: &str, set: DetectorSet, patterns: &[(usize, &Regex)], hits: &mut Vec<Hit>) {
    hits.clear();
    if text.is_empty() {
        return;
    }
    let features = super::features::Features::of(text);
    for d in set.iter() {
        if features.may_match(d) {
            d.find(text, hits);
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
        // Insertion sort: hit lists are a handful long, and core's sort costs KBs of Wasm.
        for i in 1..hits.len() {
            let mut j = i;
            while j > 0 && hit_order(&hits[j - 1], &hits[j]).is_gt() {
                hits.swap(j - 1, j);
                j -= 1;
            }
        }
        let mut kept = 0;
        for i in 0..hits.len() {
            if kept == 0 || hits[i].start >= hits[kept - 1].end {
                hits[kept] = hits[i];
                kept += 1;
            } else if hits[i].end > hits[kept - 1].end && hits[i].rank() < hits[kept - 1].rank() {
                // A higher-priority hit that overlaps and reaches further replaces the earlier one.
                hits[kept - 1] = Hit {
                    start: hits[kept - 1].start,
                    ..hits[i]
                };
            }
        }
        hits.truncate(kept);
    }
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
}
