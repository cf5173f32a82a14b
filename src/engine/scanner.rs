//! Scanning the strings an event keeps: detector scratch space, the per-event byte budget, and
//! what replaces each hit. Also the adapter that lets the URL action scan its parts.

use crate::action::{self, hash::HashSpec, url::UrlSpec};
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
    /// Bytes times compiled size that user patterns have matched over, this event.
    pub(super) pattern_work: usize,
    /// The limit this event went over (`max_scan_bytes`, `max_pattern_work`), if any.
    pub(super) over: Option<&'static str>,
    pub(super) event_secs: Option<i64>,
}

pub(super) enum Scanned {
    Clean,
    /// The text to keep instead; the detectors that fired; whether URLs inside were rebuilt.
    Rewritten(String, Vec<Source>, bool),
    DropField(Vec<Source>),
}

impl<'p> Scanner<'p> {
    /// A fresh budget for the next event or part.
    pub(super) fn reset(&mut self) {
        self.scanned = 0;
        self.pattern_work = 0;
        self.over = None;
    }

    /// Runs scan config `idx` over `text`.
    pub(super) fn scan(&mut self, text: &str, idx: usize) -> Scanned {
        let cfg = &self.policy.scans[idx];
        if cfg.is_off() || text.is_empty() {
            return Scanned::Clean;
        }
        self.scanned += text.len();
        if self.scanned > self.policy.limits.max_scan_bytes {
            self.over = Some("max_scan_bytes");
            return Scanned::Clean;
        }
        if !cfg.patterns.is_empty() {
            let size: usize = cfg
                .patterns
                .iter()
                .map(|&i| self.policy.pattern_sizes[i])
                .sum();
            self.pattern_work = self
                .pattern_work
                .saturating_add(text.len().saturating_mul(size));
            if self.pattern_work > self.policy.limits.max_pattern_work {
                self.over = Some("max_pattern_work");
                return Scanned::Clean;
            }
        }
        let patterns: Vec<(usize, &regex_lite::Regex)> = cfg
            .patterns
            .iter()
            .map(|&i| (i, &self.policy.patterns[i].1))
            .collect();
        // URLs inside the text lose what the scan's allow-list does not name: their queries
        // and fragments are data no detector sees.
        let urls = cfg.urls.as_ref().and_then(|query| {
            let maybe = text.contains("://") || text.contains('?') || text.contains('#');
            maybe.then(|| {
                let spec = UrlSpec {
                    query,
                    keep_fragment: false,
                    template_ids: false,
                    origin_only: false,
                };
                action::url::sanitize_embedded(text, &spec, &mut NoScrub)
            })
        });
        let urls = urls.filter(|u| u != text);
        let text = urls.as_deref().unwrap_or(text);
        detect::scan_with(
            &mut self.scratch,
            text,
            cfg.detectors,
            &patterns,
            &mut self.hits,
        );
        if self.hits.is_empty() {
            return match urls {
                Some(u) => Scanned::Rewritten(u, Vec::new(), true),
                None => Scanned::Clean,
            };
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
        Scanned::Rewritten(out, sources, urls.is_some())
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
            Scanned::Rewritten(s, found, _) => {
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
            Scanned::Rewritten(_, found, _) | Scanned::DropField(found) if !found.is_empty() => {
                let name = self.scanner.policy.detector_name(found[0]).to_owned();
                self.found.extend(found);
                Some(name)
            }
            // Only a URL inside was rebuilt: the segment holds no personal data of a known kind.
            Scanned::Rewritten(..) | Scanned::DropField(_) => None,
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
