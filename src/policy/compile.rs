//! A checked policy turned into what the engine runs: purposes as bit sets, selectors as one
//! automaton, detectors as a bit set. All of this happens once, at load.

use super::diagnostic::{codes, Diagnostic};
use super::schema::{Action, Policy, Scan, Unlisted};
use super::validate::compile_pattern;
use crate::consent::{PurposeSet, Purposes};
use crate::detect::{Detector, DetectorSet};
use crate::glob::Glob;
use crate::select::{Selector, SelectorSet};

pub const DEFAULT_MAX_DEPTH: usize = 64;
pub const DEFAULT_MAX_SCAN_BYTES: usize = 512 << 10;
pub const DEFAULT_MAX_EVENT_BYTES: usize = 1 << 20;
/// ~20-30 ms of user-pattern matching per event in Wasm at worst (see `validate::MAX_PATTERN_SIZE`).
pub const DEFAULT_MAX_PATTERN_WORK: usize = 20_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_depth: usize,
    pub max_scan_bytes: usize,
    pub max_event_bytes: usize,
    pub max_pattern_work: usize,
}

/// Which detectors run on kept strings and what replaces a hit.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    pub detectors: DetectorSet,
    /// Indexes into `CompiledPolicy::patterns`.
    pub patterns: Vec<usize>,
    pub action: Action,
    /// Query parameters kept when URLs inside scanned strings are rebuilt; None: URLs untouched.
    pub urls: Option<Vec<String>>,
}

impl ScanConfig {
    pub fn is_off(&self) -> bool {
        self.detectors.is_empty() && self.patterns.is_empty() && self.urls.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub id: String,
    pub required: PurposeSet,
    pub granted: Action,
    pub denied: Action,
    /// Index into `CompiledPolicy::scans`, or None to inherit the policy's.
    pub scan: Option<usize>,
    /// Applied to the keys of the object the rule selects.
    pub keys: Option<Action>,
}

#[derive(Debug, Clone)]
pub struct CompiledEventRule {
    pub id: String,
    pub names: Vec<Glob>,
    pub required: PurposeSet,
    /// Session replay: sent only when the policy's `replay` is `redact`.
    pub replay: bool,
    /// The event must hold one of these to match (empty: any event).
    pub has: Vec<Selector>,
}

/// What a selector in the automaton stands for.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    Rule(usize),
    Subtree(usize),
}

#[derive(Debug, Clone)]
pub struct CompiledPolicy {
    pub id: Option<String>,
    pub purposes: Purposes,
    pub event_name: Vec<Selector>,
    pub timestamp: Vec<Selector>,
    pub batch: Vec<Selector>,
    pub unlisted: Unlisted,
    pub subtrees: Vec<(String, Unlisted)>,
    pub selectors: SelectorSet,
    pub targets: Vec<Target>,
    pub rules: Vec<CompiledRule>,
    pub events: Vec<CompiledEventRule>,
    /// `scans[0]` is the policy's; rules with their own scan point past it.
    pub scans: Vec<ScanConfig>,
    pub patterns: Vec<(String, regex_lite::Regex)>,
    /// The compiled size of each pattern, charged per scanned byte.
    pub pattern_sizes: Vec<usize>,
    pub limits: Limits,
    pub needs_timestamp: bool,
    /// Whether an event needing only unknown purposes is reported as `consent_pending`.
    pub hold_unknown: bool,
    /// Whether session replay may be sent (redacted); otherwise replay events are dropped.
    pub replay_redact: bool,
    /// What must be granted before the SDKs may store on the device (policy `storage`).
    pub storage: PurposeSet,
    /// How consent signals map to purposes (the default table with the policy's overrides).
    pub signal_mapping: crate::consent::signals::Mapping,
    /// Where to stamp data-use labels (key path) and for which purposes.
    pub labels: Option<(Vec<String>, Vec<usize>)>,
}

impl CompiledPolicy {
    pub fn detector_name(&self, source: crate::detect::Source) -> &str {
        match source {
            crate::detect::Source::Builtin(d) => d.name(),
            crate::detect::Source::Pattern(i) => &self.patterns[i].0,
        }
    }
}

fn selectors(list: &Option<Vec<String>>, default: &[&str]) -> Vec<Selector> {
    match list {
        Some(l) => l.iter().filter_map(|s| s.parse().ok()).collect(),
        None => default.iter().filter_map(|s| s.parse().ok()).collect(),
    }
}

fn purpose_set(purposes: &Purposes, names: &[String]) -> PurposeSet {
    names
        .iter()
        .filter_map(|n| purposes.index(n))
        .fold(PurposeSet::default(), PurposeSet::with)
}

/// Compiles a policy that `validate::check` accepted.
pub fn compile(policy: &Policy, purposes: Purposes) -> Result<CompiledPolicy, Diagnostic> {
    let mut patterns = Vec::new();
    for (i, p) in policy.patterns.iter().enumerate() {
        let re = compile_pattern(&p.regex).map_err(|m| {
            Diagnostic::new(codes::BAD_PATTERN, format!("patterns[{i}].regex"), m)
                .in_rule(Some(&p.id))
        })?;
        patterns.push((p.id.clone(), re));
    }
    let default_scan = Scan {
        detectors: Some(vec!["all".into()]),
        action: None,
        urls: None,
    };
    let mut scans = vec![scan_config(
        policy.scan.as_ref().unwrap_or(&default_scan),
        None,
        &patterns,
    )];
    let mut all_selectors = Vec::new();
    let mut targets = Vec::new();
    let mut rules = Vec::new();
    let mut needs_timestamp = false;
    for (ri, rule) in policy.rules.iter().enumerate() {
        for s in rule.select.as_slice() {
            all_selectors.push(s.parse::<Selector>().map_err(|e| {
                Diagnostic::new(
                    codes::BAD_SELECTOR,
                    format!("rules[{ri}].select"),
                    e.to_string(),
                )
            })?);
            targets.push(Target::Rule(ri));
        }
        let scan = rule.scan.as_ref().map(|s| {
            scans.push(scan_config(s, Some(&scans[0]), &patterns));
            scans.len() - 1
        });
        let granted = rule.granted.clone().unwrap_or(Action::Keep);
        let denied = rule.denied.clone().unwrap_or(Action::Drop);
        needs_timestamp |= rotates(&granted) || rotates(&denied);
        needs_timestamp |= rule.keys.as_ref().is_some_and(rotates);
        rules.push(CompiledRule {
            id: rule.id.clone(),
            required: purpose_set(&purposes, &rule.purposes),
            granted,
            denied,
            scan,
            keys: rule.keys.clone(),
        });
    }
    needs_timestamp |= scans.iter().any(|s| rotates(&s.action));
    let mut subtrees = Vec::new();
    for (si, sub) in policy.subtrees.iter().enumerate() {
        all_selectors.push(sub.select.parse::<Selector>().map_err(|e| {
            Diagnostic::new(
                codes::BAD_SELECTOR,
                format!("subtrees[{si}].select"),
                e.to_string(),
            )
        })?);
        targets.push(Target::Subtree(si));
        subtrees.push((sub.id.clone(), sub.unlisted));
    }
    let events = policy
        .events
        .iter()
        .map(|e| CompiledEventRule {
            id: e.id.clone(),
            names: e.names.as_slice().iter().map(|n| Glob::new(n)).collect(),
            required: purpose_set(&purposes, &e.purposes),
            replay: e.replay,
            has: e
                .has
                .iter()
                .flat_map(|h| h.as_slice())
                .filter_map(|s| s.parse().ok())
                .collect(),
        })
        .collect();
    let labels = policy.labels.as_ref().map(|l| {
        let keys = match l.at.parse::<Selector>() {
            Ok(sel) => sel
                .segments()
                .iter()
                .filter_map(|s| match s {
                    crate::select::Segment::Key(k) => Some(k.clone()),
                    _ => None,
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        (
            keys,
            l.purposes
                .iter()
                .filter_map(|p| purposes.index(p))
                .collect(),
        )
    });
    let mut signal_mapping = crate::consent::signals::Mapping::default();
    if let Some(cs) = &policy.consent_signals {
        let m = &mut signal_mapping;
        if let Some(v) = &cs.tcf {
            m.tcf = v.clone();
        }
        if let Some(v) = cs.tcf_requires_purpose_one {
            m.tcf_requires_purpose_one = v;
        }
        for (slot, v) in [
            (&mut m.gpc, &cs.gpc),
            (&mut m.dnt, &cs.dnt),
            (&mut m.opt_out, &cs.opt_out),
        ] {
            if let Some(v) = v {
                *slot = v.clone();
            }
        }
        if let Some(v) = &cs.consent_mode {
            m.consent_mode = v.clone();
        }
        m.precedence = cs.precedence.clone();
    }
    let l = policy.limits.unwrap_or_default();
    let default_storage = ["analytics".to_string()];
    let storage = purpose_set(
        &purposes,
        policy.storage.as_deref().unwrap_or(&default_storage),
    );
    Ok(CompiledPolicy {
        id: policy.id.clone(),
        purposes,
        event_name: selectors(&policy.event_name, &["event", "event_type", "type"]),
        timestamp: selectors(&policy.timestamp, &["timestamp", "time", "sent_at"]),
        batch: selectors(&policy.batch, &[]),
        unlisted: policy.unlisted.unwrap_or(Unlisted::Keep),
        subtrees,
        selectors: SelectorSet::new(all_selectors),
        targets,
        rules,
        events,
        scans,
        pattern_sizes: policy
            .patterns
            .iter()
            .map(|p| super::validate::pattern_size(&p.regex))
            .collect(),
        patterns,
        limits: Limits {
            max_depth: l.max_depth.unwrap_or(DEFAULT_MAX_DEPTH),
            max_scan_bytes: l.max_scan_bytes.unwrap_or(DEFAULT_MAX_SCAN_BYTES),
            max_event_bytes: l.max_event_bytes.unwrap_or(DEFAULT_MAX_EVENT_BYTES),
            max_pattern_work: l.max_pattern_work.unwrap_or(DEFAULT_MAX_PATTERN_WORK),
        },
        needs_timestamp,
        signal_mapping,
        hold_unknown: policy.unknown_consent == Some(super::schema::UnknownConsent::Hold),
        replay_redact: policy.replay == Some(super::schema::Replay::Redact),
        storage,
        labels,
    })
}

fn rotates(action: &Action) -> bool {
    matches!(action, Action::Hash { rotate, .. } if *rotate != super::schema::Rotate::None)
}

fn scan_config(
    scan: &Scan,
    inherit: Option<&ScanConfig>,
    patterns: &[(String, regex_lite::Regex)],
) -> ScanConfig {
    let (detectors, pattern_idx) = match (&scan.detectors, inherit) {
        (None, Some(parent)) => (parent.detectors, parent.patterns.clone()),
        (list, _) => {
            let mut set = DetectorSet::default();
            let mut idx = Vec::new();
            for name in list.iter().flatten() {
                if let Some(d) = Detector::from_name(name) {
                    set.insert(d);
                } else if let Some(group) = Detector::group(name) {
                    group.iter().for_each(|d| set.insert(*d));
                    if name == "all" {
                        idx.extend(0..patterns.len());
                    }
                } else if let Some(i) = patterns.iter().position(|(id, _)| id == name) {
                    idx.push(i);
                }
            }
            let mut unique: Vec<usize> = Vec::new();
            for i in idx {
                if !unique.contains(&i) {
                    unique.push(i);
                }
            }
            let idx = unique;
            (set, idx)
        }
    };
    let action = scan
        .action
        .clone()
        .or_else(|| inherit.map(|p| p.action.clone()))
        .unwrap_or(Action::Replace {
            token: "[{detector}]".into(),
        });
    let urls = match (&scan.urls, inherit) {
        (Some(u), _) => Some(u.query.clone()),
        (None, Some(parent)) if scan.detectors.is_none() => parent.urls.clone(),
        _ => None,
    };
    ScanConfig {
        detectors,
        patterns: pattern_idx,
        action,
        urls,
    }
}
