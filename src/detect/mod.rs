//! Personal-data detectors: small hand-written scanners, each with its validator.
//!
//! A general regex engine would cost ~250 KB of Wasm and most of the per-event time; these
//! scanners cost a few KB and look only at the bytes that can start a match. Precision on
//! telemetry matters as much as recall: user agents, epoch timestamps, sample rates, trace ids,
//! UUIDs and versions must pass untouched (see tests/corpus and the README's detector table).

/// Test helper: defines `fn $name(text) -> Vec<&str>`, the spans a scanner's `find` reports.
#[cfg(test)]
macro_rules! finder {
    ($name:ident, $find:path) => {
        fn $name(text: &str) -> Vec<&str> {
            let mut out = Vec::new();
            $find(text, &mut |s, e| out.push(&text[s..e]));
            out
        }
    };
}

mod card;
mod email;
mod features;
mod iban;
mod imei;
mod ip;
mod jwt;
mod luhn;
mod mac;
mod phone;
mod scan;
pub(crate) mod secrets;
mod ssn;
mod url_credentials;
mod util;

pub use scan::{scan, Hit, Source};

use std::fmt;

/// The built-in detectors, in priority order: when two hits overlap, the earlier kind wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Detector {
    PrivateKey,
    Jwt,
    UrlCredentials,
    BearerToken,
    AwsKey,
    GithubToken,
    StripeKey,
    SlackToken,
    GoogleApiKey,
    Email,
    Iban,
    Card,
    Imei,
    Ssn,
    Phone,
    Mac,
    Ipv6,
    Ipv4,
}

impl Detector {
    pub const ALL: [Detector; 18] = [
        Detector::PrivateKey,
        Detector::Jwt,
        Detector::UrlCredentials,
        Detector::BearerToken,
        Detector::AwsKey,
        Detector::GithubToken,
        Detector::StripeKey,
        Detector::SlackToken,
        Detector::GoogleApiKey,
        Detector::Email,
        Detector::Iban,
        Detector::Card,
        Detector::Imei,
        Detector::Ssn,
        Detector::Phone,
        Detector::Mac,
        Detector::Ipv6,
        Detector::Ipv4,
    ];

    pub const SECRETS: [Detector; 7] = [
        Detector::PrivateKey,
        Detector::BearerToken,
        Detector::AwsKey,
        Detector::GithubToken,
        Detector::StripeKey,
        Detector::SlackToken,
        Detector::GoogleApiKey,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Detector::PrivateKey => "private_key",
            Detector::Jwt => "jwt",
            Detector::UrlCredentials => "url_credentials",
            Detector::BearerToken => "bearer_token",
            Detector::AwsKey => "aws_key",
            Detector::GithubToken => "github_token",
            Detector::StripeKey => "stripe_key",
            Detector::SlackToken => "slack_token",
            Detector::GoogleApiKey => "google_api_key",
            Detector::Email => "email",
            Detector::Iban => "iban",
            Detector::Card => "card",
            Detector::Imei => "imei",
            Detector::Ssn => "ssn",
            Detector::Phone => "phone",
            Detector::Mac => "mac",
            Detector::Ipv6 => "ipv6",
            Detector::Ipv4 => "ipv4",
        }
    }

    pub fn from_name(name: &str) -> Option<Detector> {
        Detector::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Names that stand for several detectors in a policy's `detectors` list.
    pub fn group(name: &str) -> Option<&'static [Detector]> {
        match name {
            "all" => Some(&Detector::ALL),
            "secrets" => Some(&Detector::SECRETS),
            "ip" => Some(&[Detector::Ipv4, Detector::Ipv6]),
            _ => None,
        }
    }

    pub(crate) fn find(self, text: &str, out: &mut Vec<Hit>) {
        let before = out.len();
        let mut push = |start: usize, end: usize| out.push(Hit::builtin(start, end, self));
        match self {
            Detector::PrivateKey => secrets::private_keys(text, &mut push),
            Detector::Jwt => jwt::find(text, &mut push),
            Detector::UrlCredentials => url_credentials::find(text, &mut push),
            Detector::BearerToken => secrets::bearer_tokens(text, &mut push),
            Detector::AwsKey => secrets::aws_keys(text, &mut push),
            Detector::GithubToken => secrets::github_tokens(text, &mut push),
            Detector::StripeKey => secrets::stripe_keys(text, &mut push),
            Detector::SlackToken => secrets::slack_tokens(text, &mut push),
            Detector::GoogleApiKey => secrets::google_api_keys(text, &mut push),
            Detector::Email => email::find(text, &mut push),
            Detector::Iban => iban::find(text, &mut push),
            Detector::Card => card::find(text, &mut push),
            Detector::Imei => imei::find(text, &mut push),
            Detector::Ssn => ssn::find(text, &mut push),
            Detector::Phone => phone::find(text, &mut push),
            Detector::Mac => mac::find(text, &mut push),
            Detector::Ipv6 => ip::find_v6(text, &mut push),
            Detector::Ipv4 => ip::find_v4(text, &mut push),
        }
        debug_assert!(out[before..]
            .iter()
            .all(|h| h.start < h.end && h.end <= text.len()));
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
        Detector::ALL.into_iter().collect()
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
    }
}
