//! The candidate pass: one walk over the (normalized) text that calls each finder only where
//! its candidates can start.
//!
//! Words are skipped whole after their first byte (no anchor starts inside a word), a number
//! run is read once for all number detectors, and each detector keeps a resume point past what
//! its finder already read, so no byte is read again by the same finder.

use super::class::{at, before, is, run_end, ALNUM, CLASS, DIGIT, PUNCT_ANCHOR};
use super::number::{self, Buffers};
use super::{Detector, DetectorSet, Hit, AT_FINDERS, BYTE, N, RUN_FINDERS, WORD};

/// What the finders see: the text, the hits so far, and where each detector resumes.
pub struct Cx<'a> {
    pub v: &'a [u8],
    pub hits: &'a mut Vec<Hit>,
    resume: [usize; 32],
}

impl Cx<'_> {
    pub fn push(&mut self, d: Detector, start: usize, end: usize) {
        debug_assert!(start < end && end <= self.v.len());
        self.hits.push(Hit::builtin(start, end, d));
        self.resume(d, end);
    }

    /// `d`'s finder is not called again for anchors before `pos`.
    pub fn resume(&mut self, d: Detector, pos: usize) {
        let r = &mut self.resume[d as usize & 31];
        *r = (*r).max(pos);
    }
}

/// Per byte, the detectors whose candidates may start there: word-anchored ones for the
/// bytes that can begin their word, byte-anchored ones for their byte.
const ANCHORS: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        let mut k = 0;
        while k < N {
            let word = CLASS[b] & ALNUM != 0 && CLASS[b] & WORD[k] != 0;
            if word || (BYTE[k] != 0 && BYTE[k] as usize == b) {
                t[b] |= 1 << k;
            }
            k += 1;
        }
        b += 1;
    }
    t
};

/// The detectors that read number runs.
const RUNS: u32 = {
    let (mut m, mut k) = (0, 0);
    while k < N {
        if RUN_FINDERS[k].is_some() {
            m |= 1 << k;
        }
        k += 1;
    }
    m
};

/// Runs the detectors of `set` over `v`, appending their hits (byte ranges of `v`).
pub fn run(v: &[u8], set: DetectorSet, hits: &mut Vec<Hit>, buffers: &mut Buffers) {
    let bits = set.bits();
    let mut cx = Cx {
        v,
        hits,
        resume: [0; 32],
    };
    let runs = bits & RUNS;
    let stop = ALNUM | PUNCT_ANCHOR;
    let mut run_end_at = 0;
    let mut i = 0;
    while i < v.len() {
        let b = v[i];
        let c = CLASS[b as usize];
        if c & stop == 0 {
            i += 1;
            continue;
        }
        let mut m = ANCHORS[b as usize] & bits;
        while m != 0 {
            let k = m.trailing_zeros() as usize;
            m &= m - 1;
            if let (true, Some(Some(find))) = (i >= cx.resume[k], AT_FINDERS.get(k)) {
                find(&mut cx, i);
            }
        }
        let number = c & DIGIT != 0 || (matches!(b, b'+' | b'(') && is(at(v, i + 1), DIGIT));
        if runs != 0 && number && i >= run_end_at && !is(before(v, i), ALNUM) {
            let run = number::parse(v, i, buffers);
            run_end_at = run.end();
            // The digits of an IBAN-like code (`DE89 3704 0044 ...`) are the code's.
            if !number::after_code(v, i) {
                number::find(&mut cx, &run, runs);
            }
        }
        i = if c & ALNUM != 0 {
            run_end(v, i, ALNUM)
        } else {
            i + 1
        };
    }
    if set.contains(Detector::AwsKey) {
        super::secrets::aws_secrets(&mut cx);
    }
}
