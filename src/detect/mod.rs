//! Personal-data detectors: small hand-written scanners, each with its validator.
//!
//! One pass over each string ([`pass`]) finds the candidates of every detector: a byte-class
//! table tells word starts, number runs and the few punctuation anchors (`@`, `://`, `-----`)
//! apart, and only there does a finder look, once. Validators (Luhn, mod-97, SSN rules, country
//! numbering plans, a JWT's decoded header) run on candidates only. Every finder reads a
//! bounded amount per anchor or resumes after what it read, so each detector is linear in the
//! text on any input (`examples/adversarial.rs` measures the worst shapes).
//!
//! Detection runs on a normalized view ([`view`]): escapes and look-alike characters that hide
//! data from an ASCII matcher (`%40`, `&#64;`, `\u0040`, `＠`, NBSP, zero-width characters)
//! read as what they spell, and each hit maps back to the whole original span. A general regex
//! engine would cost ~250 KB of Wasm and most of the per-event time; these scanners cost a few
//! KB. Precision on telemetry matters as much as recall: user agents, epoch timestamps, sample
//! rates, trace ids, UUIDs and versions must pass untouched (see tests/corpus).

/// Test helper: defines `fn $name(text) -> Vec<String>`, the original spans that detector
/// `$d` alone reports through the whole scan.
#[cfg(test)]
macro_rules! finder {
    ($name:ident, $d:ident) => {
        fn $name(text: &str) -> Vec<String> {
            use crate::detect::{spans, Detector, DetectorSet};
            spans(text, DetectorSet::only(Detector::$d))
        }
    };
}

mod auth;
mod card;
mod class;
mod email;
mod fold;
mod hex;
mod iban;
mod imei;
mod ipv4;
mod jwt;
mod luhn;
mod number;
mod pass;
mod phone;
mod private_key;
mod scan;
mod secrets;
mod ssn;
mod unescape;
mod url_credentials;
mod view;

pub use scan::{scan, scan_with, Hit, Scratch, Source};

use class::{ALPHA, AUTH, HEX, LOWER_E, SECRET_A, SECRET_G, SECRET_S, SECRET_X};
use number::{Verdict, Window};
use pass::Cx;
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    None,
    Secrets,
    Ip,
}

/// Declares every built-in detector once. Per row: the variant and its policy name, the group
/// it belongs to besides `all`, where its candidates start, and its finder.
/// - `word(CLASSES)`: at a word start whose first byte is in `CLASSES`; `byte(b)`: at byte `b`;
///   `word_or_byte`: both (IPv6: a hex word or `::`). The finder is `fn(&mut Cx, usize)`.
/// - `run`: on the windows of each number run; the finder is `fn(&Window) -> Verdict` and the
///   longest window it accepts from each start is a hit.
///
/// The order is the priority: when two hits overlap, the earlier kind wins.
macro_rules! detectors {
    ($( $variant:ident = $name:literal, $group:ident, $anchor:ident $( ($($arg:expr),*) )?, $find:expr; )*) => {
        /// The built-in detectors, in priority order: when two hits overlap, the earlier kind wins.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Detector { $($variant,)* }

        const N: usize = [$($name),*].len();
        const NAMES: [&str; N] = [$($name),*];
        const GROUPS: [Group; N] = [$(group!($group)),*];
        /// Word-start first-byte classes and anchor byte per detector.
        const WORD: [u16; N] = [$(anchor!(word, $anchor $( ($($arg),*) )?)),*];
        const BYTE: [u8; N] = [$(anchor!(byte, $anchor $( ($($arg),*) )?) as u8),*];
        const AT_FINDERS: [Option<fn(&mut Cx, usize)>; N] = [$(anchor!(at_fn, $anchor $( ($($arg),*) )?, $find)),*];
        const RUN_FINDERS: [Option<fn(&Window) -> Verdict>; N] = [$(anchor!(run_fn, $anchor $( ($($arg),*) )?, $find)),*];

        impl Detector {
            pub const ALL: [Detector; N] = [$(Detector::$variant),*];
        }
    };
}

macro_rules! group {
    (none) => {
        Group::None
    };
    (secrets) => {
        Group::Secrets
    };
    (ip) => {
        Group::Ip
    };
}

macro_rules! anchor {
    (word, word($c:expr)) => {
        $c
    };
    (word, word_or_byte($c:expr, $b:expr)) => {
        $c
    };
    (word, $other:ident $( ($($arg:expr),*) )?) => {
        0
    };
    (byte, byte($b:expr)) => {
        $b
    };
    (byte, word_or_byte($c:expr, $b:expr)) => {
        $b
    };
    (byte, $other:ident $( ($($arg:expr),*) )?) => {
        0
    };
    (at_fn, run, $f:expr) => {
        None
    };
    (at_fn, $other:ident $( ($($arg:expr),*) )?, $f:expr) => {
        Some($f)
    };
    (run_fn, run, $f:expr) => {
        Some($f)
    };
    (run_fn, $other:ident $( ($($arg:expr),*) )?, $f:expr) => {
        None
    };
}

detectors! {
    PrivateKey = "private_key", secrets, byte(b'-'), private_key::find;
    Jwt = "jwt", none, word(LOWER_E), jwt::find;
    UrlCredentials = "url_credentials", none, byte(b':'), url_credentials::find;
    BearerToken = "bearer_token", secrets, word(AUTH), |cx, i| auth::find(cx, i, Detector::BearerToken);
    BasicAuth = "basic_auth", secrets, word(AUTH), |cx, i| auth::find(cx, i, Detector::BasicAuth);
    AwsKey = "aws_key", secrets, word(SECRET_A), |cx, i| secrets::find(cx, i, Detector::AwsKey);
    GithubToken = "github_token", secrets, word(SECRET_G), |cx, i| secrets::find(cx, i, Detector::GithubToken);
    StripeKey = "stripe_key", secrets, word(SECRET_S), |cx, i| secrets::find(cx, i, Detector::StripeKey);
    SlackToken = "slack_token", secrets, word(SECRET_X), |cx, i| secrets::find(cx, i, Detector::SlackToken);
    GoogleApiKey = "google_api_key", secrets, word(SECRET_A), |cx, i| secrets::find(cx, i, Detector::GoogleApiKey);
    Email = "email", none, byte(b'@'), email::find;
    Iban = "iban", none, word(ALPHA), iban::find;
    // Before phone: a zero-padded address (`086.132.222.055`) has a phone number's shape too.
    Ipv4 = "ipv4", ip, run, ipv4::judge;
    Card = "card", none, run, card::judge;
    Imei = "imei", none, run, imei::judge;
    Ssn = "ssn", none, run, ssn::judge;
    Phone = "phone", none, run, phone::judge;
    Mac = "mac", none, word(HEX), |cx, i| hex::find(cx, i, Detector::Mac);
    Ipv6 = "ipv6", ip, word_or_byte(HEX, b':'), |cx, i| hex::find(cx, i, Detector::Ipv6);
}

/// The detectors of a group, as a `'static` list.
const fn members(group: Group) -> ([Detector; N], usize) {
    let mut out = [Detector::PrivateKey; N];
    let (mut i, mut n) = (0, 0);
    while i < N {
        if GROUPS[i] as u8 == group as u8 {
            out[n] = Detector::ALL[i];
            n += 1;
        }
        i += 1;
    }
    (out, n)
}

static SECRETS: ([Detector; N], usize) = members(Group::Secrets);
static IP: ([Detector; N], usize) = members(Group::Ip);

impl Detector {
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    pub fn from_name(name: &str) -> Option<Detector> {
        Detector::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Names that stand for several detectors in a policy's `detectors` list.
    pub fn group(name: &str) -> Option<&'static [Detector]> {
        match name {
            "all" => Some(&Detector::ALL),
            "secrets" => Some(&SECRETS.0[..SECRETS.1]),
            "ip" => Some(&IP.0[..IP.1]),
            _ => None,
        }
    }
}

impl fmt::Display for Detector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of built-in detectors as a bit mask.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DetectorSet(u32);

impl DetectorSet {
    pub fn all() -> Self {
        DetectorSet((1 << N) - 1)
    }

    pub fn only(d: Detector) -> Self {
        DetectorSet(1 << d as u32)
    }

    pub fn insert(&mut self, d: Detector) {
        self.0 |= 1 << d as u32;
    }

    pub fn contains(self, d: Detector) -> bool {
        self.0 & (1 << d as u32) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Detector> {
        Detector::ALL.into_iter().filter(move |d| self.contains(*d))
    }

    fn bits(self) -> u32 {
        self.0
    }
}

impl FromIterator<Detector> for DetectorSet {
    fn from_iter<I: IntoIterator<Item = Detector>>(iter: I) -> Self {
        let mut set = DetectorSet::default();
        for d in iter {
            set.insert(d);
        }
        set
    }
}

/// Whether any built-in detector fires anywhere in `text`.
pub fn contains_pii(text: &str) -> bool {
    let mut hits = Vec::new();
    scan(text, DetectorSet::all(), &[], &mut hits);
    !hits.is_empty()
}

/// Test helper: the original text of each hit of `set` in `text`.
#[cfg(test)]
pub(crate) fn spans(text: &str, set: DetectorSet) -> Vec<String> {
    let mut hits = Vec::new();
    scan(text, set, &[], &mut hits);
    hits.iter()
        .map(|h| text[h.start..h.end].to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in Detector::ALL {
            assert_eq!(Detector::from_name(d.name()), Some(d));
        }
        assert_eq!(Detector::from_name("nope"), None);
        assert_eq!(Detector::group("all").unwrap().len(), Detector::ALL.len());
        assert_eq!(
            Detector::group("ip").unwrap(),
            [Detector::Ipv4, Detector::Ipv6]
        );
        let secrets = Detector::group("secrets").unwrap();
        assert!(secrets.contains(&Detector::BasicAuth) && !secrets.contains(&Detector::Email));
        assert_eq!(secrets.len(), 8);
    }
}
