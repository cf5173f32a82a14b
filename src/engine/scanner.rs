//! Scanning the strings an event keeps: detector scratch space, the per-event byte budget, and
//! what replaces each hit. Also the adapter that lets the URL action scan its parts.

use crate::action::{self, hash::HashSpec};
use crate::detect::{self, Hit, Source};
use crate::policy::{Action, CompiledPolicy};

/// What replaces a hit the scan action cannot produce (and any value that fails closed).
pub(super) const FAIL_TOKEN: &str = "[redacted]";

/// Scanning state for one event: detector scratch space and the byte budget.
pub(super) struct Scanner<'p> {
    pub(super) policy: &'p CompiledPolicy,
    pub(super) key: Option<&'p [u8]>,
    pub(super) hits: Vec<Hit>,
    pub(super) scratch: detect::Scratch,
    pub(super) scanned: usize,
    pub(super) over_budget: bool,
    pub(super) event_secs: Option<i64>,
}

pub(super) enum Scanned {
    Clean,
    Rewritten(String, Vec<Source>),
    DropField(Vec<Source>),
}

impl<'p> Scanner<'p> {
    /// Runs scan config `idx` over `text`.
    pub(super) fn scan(&mut self, text: &str, idx: usize) -> Scanned {
        let cfg = &self.policy.scans[idx];
        if cfg.is_off() || text.is_empty() {
            return Scanned::Clean;
        }
        self.scanned += text.len();
        if self.scanned > self.policy.limits.max_scan_bytes {
            self.over_budget = true;
            return Scanned::Clean;
        }
        let patterns: Vec<(usize, &regex_lite::Regex)> = cfg
            .patterns
            .iter()
            .map(|&i| (i, &self.policy.patterns[i].1))
            .collect();
        detect::scan_with(
            &mut self.scratch,
            text,
            cfg.detectors,
            &patterns,
            &mut self.hits,
        );
        if self.hits.is_empty() {
            return Scanned::Clean;
        }
        let sources: Vec<Source> = self.hits.iter().map(|h| h.source).collect();
        if matches!(cfg.action, Action::Drop) {
            return Scanned::DropField(sources);
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let hits = std::mem::take(&mut self.hits);
        for h in &hits {
            out.push_str(&text[last..h.start]);
            let span = &text[h.start..h.end];
            let name = self.policy.detector_name(h.source);
            match &cfg.action {
                Action::Replace { token } => out.push_str(&token.replace("{detector}", name)),
                Action::Mask {
                    keep_last,
                    mask_char,
                    preserve_length,
                } => out.push_str(&action::mask::mask(
                    span,
                    *keep_last,
                    *mask_char,
                    *preserve_length,
                )),
                Action::Hash { .. } => match self.hash(span, &cfg.action) {
                    Some(h) => out.push_str(&h),
                    None => out.push_str(FAIL_TOKEN),
                },
                _ => out.push_str(FAIL_TOKEN),
            }
            last = h.end;
        }
        out.push_str(&text[last..]);
        self.hits = hits;
        Scanned::Rewritten(out, sources)
    }

    /// HMAC of `value` under a hash action; None when the key or a needed timestamp is missing.
    pub(super) fn hash(&self, value: &str, action: &Action) -> Option<String> {
        let Action::Hash {
            normalize,
            length,
            prefix,
            rotate,
        } = action
        else {
            return None;
        };
        let spec = HashSpec {
            normalize: *normalize,
            length: *length,
            prefix,
            rotate: *rotate,
        };
        if action::hash::is_hashed(value, &spec) {
            return Some(value.to_owned());
        }
        let key = self.key?;
        let epoch = match rotate {
            crate::policy::Rotate::None => None,
            r => Some(action::hash::epoch(*r, self.event_secs?)?),
        };
        Some(action::hash::hash(value, &spec, key, epoch.as_deref()))
    }
}

/// Lets the URL action run detectors on decoded components.
pub(super) struct UrlScrub<'s, 'p> {
    pub(super) scanner: &'s mut Scanner<'p>,
    pub(super) scan: usize,
    pub(super) found: Vec<Source>,
}

impl action::url::Scrub for UrlScrub<'_, '_> {
    fn scrub(&mut self, text: &str) -> Option<String> {
        match self.scanner.scan(text, self.scan) {
            Scanned::Clean => None,
            Scanned::Rewritten(s, found) => {
                self.found.extend(found);
                Some(s)
            }
            Scanned::DropField(found) => {
                self.found.extend(found);
                Some(String::new())
            }
        }
    }

    fn label(&mut self, text: &str) -> Option<String> {
        match self.scanner.scan(text, self.scan) {
            Scanned::Clean => None,
            Scanned::Rewritten(_, found) | Scanned::DropField(found) => {
                let name = self.scanner.policy.detector_name(found[0]).to_owned();
                self.found.extend(found);
                Some(name)
            }
        }
    }
}

pub(super) struct NoScrub;

impl action::url::Scrub for NoScrub {
    fn scrub(&mut self, _: &str) -> Option<String> {
        None
    }
    fn label(&mut self, _: &str) -> Option<String> {
        None
    }
}
