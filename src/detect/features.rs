//! One pass over a string that tells which detectors could possibly match it.
//!
//! Most telemetry strings are short ids, names and numbers; running every scanner over each of
//! them cost ~90 % of redaction time. Each detector names the bytes it cannot match without,
//! and only the detectors whose trigger is present run.

use super::{Detector, DetectorSet};

// Byte classes, one bit each, looked up per byte.
const DIGIT: u16 = 1;
const UPPER: u16 = 1 << 1;
const AT: u16 = 1 << 2;
const PERCENT: u16 = 1 << 3;
const COLON: u16 = 1 << 4;
const DASH: u16 = 1 << 5;
const DOT: u16 = 1 << 6;
const UNDERSCORE: u16 = 1 << 7;
/// First bytes of secret prefixes: A (AKIA, AIza), B/b (Bearer), g (ghp_), s/r (sk_live_),
/// x (xoxb-).
const SECRET_START: u16 = 1 << 8;
const LOWER_E: u16 = 1 << 9;

const CLASS: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = match b {
            b'0'..=b'9' => DIGIT,
            b'A' | b'B' => UPPER | SECRET_START,
            b'A'..=b'Z' => UPPER,
            b'@' => AT,
            b'%' => PERCENT,
            b':' => COLON,
            b'-' => DASH,
            b'.' => DOT,
            b'_' => UNDERSCORE,
            b'g' | b's' | b'r' | b'x' | b'b' => SECRET_START,
            b'e' => LOWER_E,
            _ => 0,
        };
        c += 1;
    }
    t
};

/// Per byte, 1 in the 8-bit field of the counter it adds to (see `Features::of`).
const COUNT: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut c = 0;
    while c < 256 {
        let k = CLASS[c];
        t[c] = if k & DIGIT != 0 {
            1
        } else if k & UPPER != 0 {
            1 << 8
        } else if k & COLON != 0 {
            1 << 16
        } else if k & DASH != 0 {
            1 << 24
        } else if k & DOT != 0 {
            1 << 32
        } else if k & UNDERSCORE != 0 {
            1 << 40
        } else {
            0
        };
        c += 1;
    }
    t
};

#[derive(Debug, Default, Clone, Copy)]
pub struct Features {
    len: usize,
    digits: usize,
    upper: usize,
    colons: usize,
    dashes: usize,
    dots: usize,
    underscores: usize,
    seen: u16,
    ey: bool,
    scheme: bool,
    /// Secret detectors whose prefix occurs (strings long enough to hold a secret only).
    secrets: DetectorSet,
    /// Most digits in one run that only ` -.()/+` interrupt ("+1 (415) 555-0132" is one run of
    /// 11; a UUID's digits are split by letters). Computed only when `digits` could matter.
    run_digits: usize,
}

impl Features {
    pub fn of(text: &str) -> Self {
        let b = text.as_bytes();
        let mut f = Features {
            len: b.len(),
            ..Features::default()
        };
        // Six 8-bit counters packed in one u64, flushed every 255 bytes so none overflows: one
        // table load and one add per byte.
        for chunk in b.chunks(255) {
            let mut packed = 0u64;
            for &c in chunk {
                let k = CLASS[c as usize];
                f.seen |= k;
                packed += COUNT[c as usize];
            }
            let field = |i: u32| ((packed >> (8 * i)) & 0xff) as usize;
            f.digits += field(0);
            f.upper += field(1);
            f.colons += field(2);
            f.dashes += field(3);
            f.dots += field(4);
            f.underscores += field(5);
        }
        if f.digits >= 8 {
            let mut run = 0;
            for &c in b {
                if c.is_ascii_digit() {
                    run += 1;
                    f.run_digits = f.run_digits.max(run);
                } else if !matches!(c, b' ' | b'-' | b'.' | b'(' | b')' | b'/' | b'+') {
                    run = 0;
                }
            }
        }
        if f.len >= 19 && (f.seen & SECRET_START != 0 || f.dashes >= 10) {
            f.secrets = super::secrets::present(b);
        }
        if f.seen & LOWER_E != 0 {
            f.ey = b.windows(3).any(|w| w == b"eyJ");
        }
        if f.colons > 0 {
            f.scheme = b.windows(3).any(|w| w == b"://");
        }
        f
    }

    fn has(&self, class: u16) -> bool {
        self.seen & class != 0
    }

    /// Whether `d` could find anything in a string with these features.
    pub fn may_match(&self, d: Detector) -> bool {
        match d {
            Detector::Email => self.has(AT) || self.has(PERCENT),
            Detector::Phone => self.run_digits >= 8,
            Detector::Card => self.run_digits >= 13,
            Detector::Imei => self.run_digits >= 15,
            Detector::Ssn => self.run_digits >= 9,
            Detector::Iban => self.upper >= 2 && self.digits >= 2 && self.len >= 15,
            Detector::Ipv4 => self.digits >= 4 && self.dots >= 3,
            Detector::Ipv6 => self.colons >= 2,
            Detector::Mac => {
                self.len >= 14 && (self.colons >= 5 || self.dashes >= 5 || self.dots >= 2)
            }
            Detector::Jwt => self.ey && self.dots >= 2,
            Detector::UrlCredentials => self.scheme && self.has(AT),
            Detector::PrivateKey => self.secrets.contains(d),
            Detector::BearerToken => self.secrets.contains(d),
            Detector::AwsKey => self.secrets.contains(d),
            Detector::GithubToken => {
                self.underscores >= 1 && self.len >= 40 && self.has(SECRET_START)
            }
            Detector::StripeKey => {
                self.underscores >= 2 && self.len >= 32 && self.has(SECRET_START)
            }
            Detector::SlackToken => self.secrets.contains(d),
            Detector::GoogleApiKey => self.secrets.contains(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{scan, DetectorSet};

    /// The prefilter must never hide a hit: on every string where a detector fires without
    /// the prefilter, `may_match` is true.
    #[test]
    fn never_hides_a_hit() {
        let corpus = include_str!("../../tests/corpus/detectors.tsv");
        for line in corpus.lines() {
            let (_, json) = line.split_once('\t').unwrap();
            let text = crate::json::parse(json, 2).unwrap();
            let crate::json::Json::Str(t) = text else {
                panic!()
            };
            let text = t.decoded();
            let f = Features::of(&text);
            for d in Detector::ALL {
                let mut hits = Vec::new();
                d.find(&text, &mut hits);
                assert!(hits.is_empty() || f.may_match(d), "{d} on {text:?}");
            }
        }
        let _ = (scan, DetectorSet::all());
    }
}
