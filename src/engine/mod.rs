//! A compiled policy applied to events and request bodies under one consent state.
//!
//! An [`Engine`] works on parsed trees ([`crate::json::Json`]): each event is walked once with
//! all selectors advanced together as an automaton and rewritten in place; only what a rule or
//! a detector touches is rebuilt, so everything else is written back byte for byte. Codecs
//! hand it trees, never text to parse again. [`redact`] is the text-in, text-out entry for one
//! JSON body.

mod locate;
mod scanner;
mod walk;

use crate::action;
use crate::consent::{ConsentState, PurposeSet};
use crate::detect::Source;
use crate::json::{self, Json, ParseError, Text};
use crate::policy::CompiledPolicy;
use crate::receipt::{safe_path, Change, Drop, Reason, Receipt};
use crate::select::States;
use locate::{find, locate_arrays, node_at, push_step};
pub use locate::{PathStep, Skip};
use scanner::Scanner;
use walk::Inherited;

/// The redacted text (None when nothing may be sent) and what was done.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub output: Option<String>,
    pub receipt: Receipt,
}

/// How much of a receipt to build. The counters need only what was done (actions, detectors,
/// drops); where and by which rule costs a scan of every printed path, so a caller that will
/// not read the receipt asks for [`ReceiptDetail::Counts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptDetail {
    /// Every change with its rule and (scanned) path.
    Full,
    /// Changes with their action and detector only: `rule` and `path` are empty. Drops are
    /// recorded in full.
    Counts,
}

/// Redacts one JSON body (an event or a batch). Pure: the result depends only on the arguments.
pub fn redact(
    policy: &CompiledPolicy,
    consent: &ConsentState,
    key: Option<&[u8]>,
    text: &str,
) -> Outcome {
    redact_with(policy, consent, key, text, None, ReceiptDetail::Full)
}

/// Redacts one JSON event whose name the caller gives (a Sentry hook knows it is handed an
/// error event, which carries no `type`).
pub fn redact_named(
    policy: &CompiledPolicy,
    consent: &ConsentState,
    key: Option<&[u8]>,
    text: &str,
    name: &str,
) -> Outcome {
    redact_with(policy, consent, key, text, Some(name), ReceiptDetail::Full)
}

/// [`redact`] (or, with a `name`, [`redact_named`]) with the receipt built to `detail`.
pub fn redact_with(
    policy: &CompiledPolicy,
    consent: &ConsentState,
    key: Option<&[u8]>,
    text: &str,
    name: Option<&str>,
    detail: ReceiptDetail,
) -> Outcome {
    let mut scratch = Scratch::default();
    redact_reusing(policy, consent, key, text, name, detail, &mut scratch)
}

/// [`redact_with`], with buffers kept across calls (a [`crate::Guard`] keeps one
/// [`Scratch`]): once they have grown, a clean string costs no allocation.
pub fn redact_reusing(
    policy: &CompiledPolicy,
    consent: &ConsentState,
    key: Option<&[u8]>,
    text: &str,
    name: Option<&str>,
    detail: ReceiptDetail,
    scratch: &mut Scratch,
) -> Outcome {
    let mut engine = Engine::with_scratch(policy, consent, key, std::mem::take(scratch));
    engine.paths = detail == ReceiptDetail::Full;
    let output = match name {
        None => engine.body_text(text),
        Some(name) => {
            let mut output = None;
            if let Some(mut root) = engine.parse(text) {
                if !matches!(root, Json::Obj(_)) {
                    engine.drop_whole(Reason::InvalidEvent, "an event must be a JSON object");
                } else if engine.event(&mut root, Some(name)) {
                    output = Some(json::to_string_with_capacity(&root, text.len()));
                }
            }
            output
        }
    };
    let (mut receipt, kept) = engine.into_parts();
    *scratch = kept;
    scratch.trim();
    if name.is_some() {
        receipt.kept = output.is_some();
    }
    Outcome { output, receipt }
}

/// Buffers an engine run keeps from one call to the next: automaton states per depth, the
/// printed path, detector hits and the detectors' own scratch (normalized views, number runs).
#[derive(Debug, Default)]
pub struct Scratch {
    levels: Vec<States>,
    path: String,
    hits: Vec<crate::detect::Hit>,
    detect: crate::detect::Scratch,
}

/// A copy starts empty: the buffers hold nothing between runs, only capacity.
impl Clone for Scratch {
    fn clone(&self) -> Self {
        Scratch::default()
    }
}

impl Scratch {
    /// What one run may leave grown for the next; more (a huge event) is let go.
    const KEEP_BYTES: usize = 256 << 10;

    fn trim(&mut self) {
        let states: usize = self.levels.iter().map(|l| 8 * l.capacity()).sum();
        let retained = states
            + self.path.capacity()
            + std::mem::size_of::<crate::detect::Hit>() * self.hits.capacity()
            + self.detect.retained_bytes();
        if retained > Self::KEEP_BYTES || self.levels.len() > 64 {
            *self = Scratch::default();
        }
    }
}

/// Redacts one parsed event in place under `policy`; the receipt says whether it may be sent.
pub fn redact_tree(
    policy: &CompiledPolicy,
    consent: &ConsentState,
    key: Option<&[u8]>,
    event: &mut Json<'_>,
) -> Receipt {
    let mut engine = Engine::new(policy, consent, key);
    engine.event(event, None);
    engine.finish()
}

/// One run of a policy over the parts of one input: events, batches and what surrounds them.
/// Keeps the receipt, the scan budget and scratch space across the parts.
pub struct Engine<'p> {
    policy: &'p CompiledPolicy,
    granted: PurposeSet,
    denied: PurposeSet,
    scanner: Scanner<'p>,
    /// Automaton states per depth, reused across nodes.
    levels: Vec<States>,
    /// The printed path of the current node, under the prefix the caller set.
    path: String,
    receipt: Receipt,
    /// How many encodings deep this run is (JSON or gzip inside a string): bounded.
    nesting: u8,
    /// Whether changes carry their rule and path (see [`ReceiptDetail`]); without them the walk
    /// does not print paths at all.
    paths: bool,
}

impl<'p> Engine<'p> {
    pub fn new(policy: &'p CompiledPolicy, consent: &ConsentState, key: Option<&'p [u8]>) -> Self {
        Self::with_scratch(policy, consent, key, Scratch::default())
    }

    /// A run that starts from buffers a previous run left (see [`Engine::into_parts`]).
    pub fn with_scratch(
        policy: &'p CompiledPolicy,
        consent: &ConsentState,
        key: Option<&'p [u8]>,
        scratch: Scratch,
    ) -> Self {
        let mut engine = Self::with_sets(policy, consent.granted(), consent.denied(), key, 0);
        let Scratch {
            levels,
            mut path,
            hits,
            detect,
        } = scratch;
        path.clear();
        engine.levels = levels;
        engine.path = path;
        engine.scanner.hits = hits;
        engine.scanner.scratch = detect;
        engine
    }

    /// The receipt, and the buffers for the next run.
    pub fn into_parts(self) -> (Receipt, Scratch) {
        let scratch = Scratch {
            levels: self.levels,
            path: self.path,
            hits: self.scanner.hits,
            detect: self.scanner.scratch,
        };
        (self.receipt, scratch)
    }

    /// A run over content nested in a string of this one (same policy, consent and key), its
    /// receipt paths under the current path.
    fn child(&self) -> Engine<'p> {
        let mut child = Self::with_sets(
            self.policy,
            self.granted,
            self.denied,
            self.scanner.key,
            self.nesting + 1,
        );
        child.path.clone_from(&self.path);
        child.paths = self.paths;
        child
    }

    fn with_sets(
        policy: &'p CompiledPolicy,
        granted: PurposeSet,
        denied: PurposeSet,
        key: Option<&'p [u8]>,
        nesting: u8,
    ) -> Self {
        Engine {
            policy,
            granted,
            denied,
            nesting,
            scanner: Scanner {
                policy,
                key,
                hits: Vec::new(),
                scratch: Default::default(),
                scanned: 0,
                pattern_work: 0,
                over: None,
                event_secs: None,
            },
            levels: Vec::new(),
            path: String::new(),
            receipt: Receipt::default(),
            paths: true,
        }
    }

    pub fn policy(&self) -> &'p CompiledPolicy {
        self.policy
    }

    /// Paths in the receipt start with `prefix` until the next call (`items[2]`, `data`).
    pub fn set_path(&mut self, prefix: &str) {
        self.path.clear();
        self.path.push_str(prefix);
    }

    /// The receipt so far; `kept` is for the caller to set.
    pub fn finish(self) -> Receipt {
        self.receipt
    }

    pub fn receipt_mut(&mut self) -> &mut Receipt {
        &mut self.receipt
    }

    /// Parses `text` as JSON under the policy's limits and redacts it as a body. None when
    /// nothing may be sent; the receipt says why.
    pub fn body_text(&mut self, text: &str) -> Option<String> {
        let mut root = self.parse(text)?;
        if !matches!(root, Json::Obj(_) | Json::Arr(_)) {
            self.drop_whole(
                Reason::InvalidEvent,
                "an event must be a JSON object or array",
            );
            return None;
        }
        let kept = self.body(&mut root);
        self.receipt.kept = kept;
        kept.then(|| json::to_string_with_capacity(&root, text.len()))
    }

    /// Parses one JSON text under the policy's limits; a failure is recorded as a dropped
    /// whole input. Repeated keys keep their last value and are noted in the receipt.
    pub fn parse<'t>(&mut self, text: &'t str) -> Option<Json<'t>> {
        let limits = self.policy.limits;
        if text.len() > limits.max_event_bytes {
            self.drop_whole(Reason::Limit, "max_event_bytes");
            return None;
        }
        match json::parse_counted(text, limits.max_depth) {
            Ok((root, 0)) => Some(root),
            Ok((root, duplicates)) => {
                self.note_duplicates(duplicates);
                Some(root)
            }
            Err(ParseError::TooDeep { .. }) => {
                self.drop_whole(Reason::Limit, "max_depth");
                None
            }
            Err(e) => {
                self.drop_whole(Reason::InvalidEvent, &e.to_string());
                None
            }
        }
    }

    /// Records that the input at the current path was not sent at all.
    pub fn drop_whole(&mut self, reason: Reason, detail: &str) {
        self.drop_event(reason, None, Vec::new(), Some(detail.to_owned()));
    }

    /// A whole body: a top-level array of events, an object holding batch arrays (the policy's
    /// `batch` selectors), or one event. What surrounds the batches is redacted with the
    /// field rules too, but needs no purpose of its own: it is sent only with a kept event.
    /// Returns whether anything may be sent.
    pub fn body(&mut self, root: &mut Json<'_>) -> bool {
        if let Json::Arr(items) = root {
            return self.batch(items);
        }
        let found = self
            .policy
            .batch
            .iter()
            .map(|s| locate_arrays(root, s.segments()))
            .find(|paths| !paths.is_empty());
        let Some(paths) = found else {
            return self.event(root, None);
        };
        let prefix = self.path.clone();
        let mut any = false;
        for steps in &paths {
            let slot = node_at(root, steps).expect("located above");
            let mut events = std::mem::replace(slot, Json::Null);
            self.set_path(&prefix);
            for step in steps {
                push_step(&mut self.path, step);
            }
            if let Json::Arr(items) = &mut events {
                any |= self.batch(items);
            }
            *node_at(root, steps).expect("still there") = events;
        }
        self.set_path(&prefix);
        if !any {
            return false;
        }
        // A collector may read what surrounds the batch as an event of its own (PostHog reads a
        // top-level event when the body has no token; Segment's /v1/track reads the top level):
        // it passes the event rules too.
        if !self.gate(root, None) {
            return false;
        }
        let skip = Skip::from_paths(paths.iter().map(Vec::as_slice));
        self.part(root, Some(&skip))
    }

    /// Each item is one event; returns whether any survives (an empty batch is sent as is).
    fn batch(&mut self, items: &mut Vec<Json<'_>>) -> bool {
        let count = items.len();
        self.receipt.events += count;
        let base = self.path.clone();
        let mut index = 0;
        items.retain_mut(|item| {
            self.path.truncate(base.len());
            push_step(&mut self.path, &PathStep::Index(index));
            index += 1;
            if !matches!(item, Json::Obj(_)) {
                self.drop_event(
                    Reason::InvalidEvent,
                    None,
                    Vec::new(),
                    Some("a batch item must be an object".into()),
                );
                return false;
            }
            self.one_event(item, None)
        });
        self.path = base;
        count == 0 || !items.is_empty()
    }

    /// A part of a body that is not an event (what surrounds a batch, an envelope's item
    /// header, an OTLP resource): field rules and scanning apply, no event rule. `skip` are
    /// paths below `node` already handled as events. Returns false when the part went over
    /// the scan budget: then nothing of the body may be sent, and the receipt says why.
    pub fn part(&mut self, node: &mut Json<'_>, skip: Option<&Skip>) -> bool {
        self.scanner.reset();
        self.scanner.event_secs = None;
        self.enter_root();
        let inh = Inherited {
            action: None,
            scan: 0,
            unlisted: self.policy.unlisted,
            covered: false,
        };
        if !self.walk(node, 0, inh, skip, None) {
            *node = Json::Obj(Vec::new());
        }
        if let Some(limit) = self.scanner.over {
            self.drop_whole(Reason::Limit, limit);
            return false;
        }
        true
    }

    fn drop_event(
        &mut self,
        reason: Reason,
        rule: Option<String>,
        missing: Vec<String>,
        detail: Option<String>,
    ) {
        self.receipt.dropped.push(Drop {
            path: safe_path(&self.path),
            reason,
            rule,
            missing,
            detail,
        });
    }

    fn enter_root(&mut self) {
        let start = self.policy.selectors.start();
        if self.levels.is_empty() {
            self.levels.push(start);
        } else {
            self.levels[0] = start;
        }
    }

    /// The event's name: `given` when the caller knows it (an envelope item's type, which is
    /// what the collector goes by), else the first string at an `event_name` selector, else ""
    /// (which only `*`-like globs match: an event without a name is still an event).
    fn event_name(&self, event: &Json<'_>, given: Option<&str>) -> String {
        if let Some(name) = given {
            return name.to_owned();
        }
        self.policy
            .event_name
            .iter()
            .find_map(|s| match find(event, s) {
                Some(Json::Str(t)) => Some(t.decoded().into_owned()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// One event in place: event rules first, then the field walk. Returns whether it may be
    /// sent; a dropped event is recorded in the receipt at the current path. `name` names the
    /// event for the event rules when the caller knows it better than the event's own fields
    /// (an envelope item's type).
    pub fn event(&mut self, event: &mut Json<'_>, name: Option<&str>) -> bool {
        self.receipt.events += 1;
        self.one_event(event, name)
    }

    /// The event rules for an event (or what surrounds a batch, which a collector may read
    /// as one): false, with the drop recorded, when it may not be sent.
    fn gate(&mut self, event: &Json<'_>, name: Option<&str>) -> bool {
        let policy = self.policy;
        let name = self.event_name(event, name);
        let matches = |r: &&crate::policy::CompiledEventRule| {
            r.names.iter().any(|g| g.matches(&name))
                && (r.has.is_empty() || r.has.iter().any(|s| find(event, s).is_some()))
        };
        if let Some(rule) = policy.events.iter().rev().find(matches) {
            if rule.replay && !policy.replay_redact {
                let detail = Some("replay".to_owned());
                self.drop_event(Reason::Policy, Some(rule.id.clone()), Vec::new(), detail);
                return false;
            }
            if !rule.required.within(self.granted) {
                let missing = PurposeSet(rule.required.0 & !self.granted.0);
                let undecided = missing.0 & self.denied.0 == 0;
                let reason = if policy.hold_unknown && undecided {
                    Reason::ConsentPending
                } else {
                    Reason::Consent
                };
                let names = missing
                    .iter()
                    .map(|i| policy.purposes.name(i).to_owned())
                    .collect();
                self.drop_event(reason, Some(rule.id.clone()), names, None);
                return false;
            }
        }
        true
    }

    fn one_event(&mut self, event: &mut Json<'_>, name: Option<&str>) -> bool {
        let policy = self.policy;
        if !self.gate(event, name) {
            return false;
        }
        self.scanner.event_secs = if policy.needs_timestamp {
            policy.timestamp.iter().find_map(|s| match find(event, s) {
                Some(Json::Str(t)) => action::time::unix_seconds(&t.decoded()),
                Some(Json::Num(n)) => action::time::unix_seconds(n),
                _ => None,
            })
        } else {
            None
        };
        self.scanner.reset();
        let changes_before = self.receipt.changes.len();
        self.enter_root();
        let inh = Inherited {
            action: None,
            scan: 0,
            unlisted: policy.unlisted,
            covered: false,
        };
        if !self.walk(event, 0, inh, None, None) {
            *event = Json::Obj(Vec::new());
        }
        if let Some((keys, purposes)) = &policy.labels {
            let mut labels = Vec::with_capacity(purposes.len());
            for &p in purposes {
                let granted = self.granted.contains(p);
                labels.push((Text::owned(policy.purposes.name(p)), Json::Bool(granted)));
            }
            stamp(event, keys, Json::Obj(labels));
        }
        if let Some(limit) = self.scanner.over {
            self.receipt.changes.truncate(changes_before);
            self.drop_event(Reason::Limit, None, Vec::new(), Some(limit.into()));
            return false;
        }
        true
    }

    /// Scans one string that is not part of an event (a query parameter or header value of a
    /// telemetry request) with the policy's scan. None when it is clean; otherwise what may be
    /// sent instead (empty when the scan action drops, or the scan budget ran out).
    pub fn scan_text(&mut self, text: &str) -> Option<String> {
        self.scanner.reset();
        let out = match self.scanner.scan(text, 0) {
            scanner::Scanned::Clean => None,
            scanner::Scanned::Rewritten(s, found, urls) => {
                let action = self.policy.scans[0].action.name();
                self.record_hits(None, &found, action);
                if urls {
                    self.change(None, "@scan", "url", None, None);
                }
                Some(s)
            }
            scanner::Scanned::DropField(found) => {
                self.record_hits(None, &found, "drop");
                Some(String::new())
            }
        };
        if let Some(limit) = self.scanner.over {
            self.note("@limit", "drop", limit);
            return Some(String::new());
        }
        out
    }

    /// Records the repeated keys a parse found (each kept its last value), at the current path:
    /// their own paths are printed from the raw text, which the walk has not rewritten (a key
    /// holding a token, a key a rule hashes or drops), so they are not printed at all.
    pub(super) fn note_duplicates(&mut self, count: usize) {
        for _ in 0..count {
            self.note("@json", "drop", "duplicate_key");
        }
    }

    /// Records a change at the current path that no rule made (`@json`, `@codec`).
    pub fn note(&mut self, rule: &str, action: &'static str, note: &'static str) {
        let (rule, path) = if self.paths {
            (rule.to_owned(), safe_path(&self.path))
        } else {
            (String::new(), String::new())
        };
        self.receipt.changes.push(Change {
            rule,
            path,
            action,
            detector: None,
            note: Some(note),
        });
    }

    fn change(
        &mut self,
        rule: Option<usize>,
        fallback: &str,
        action: &'static str,
        detector: Option<&str>,
        note: Option<&'static str>,
    ) {
        let (rule, path) = match (self.paths, rule) {
            (false, _) => (String::new(), String::new()),
            (true, Some(r)) => (self.policy.rules[r].id.clone(), safe_path(&self.path)),
            (true, None) => (fallback.to_owned(), safe_path(&self.path)),
        };
        self.receipt.changes.push(Change {
            rule,
            path,
            action,
            detector: detector.map(str::to_owned),
            note,
        });
    }

    fn record_hits(&mut self, rule: Option<usize>, found: &[Source], action: &'static str) {
        let mut seen: Vec<Source> = Vec::new();
        for s in found {
            if !seen.contains(s) {
                seen.push(*s);
                let name = self.policy.detector_name(*s).to_owned();
                self.change(rule, "@scan", action, Some(&name), None);
            }
        }
    }
}

/// Writes `value` at the key path `keys`, creating objects on the way. Any existing member
/// with the same key is removed first: a label the page set itself must not survive next to
/// ours.
fn stamp(node: &mut Json<'_>, keys: &[String], value: Json<'static>) {
    let Some((first, rest)) = keys.split_first() else {
        *node = value;
        return;
    };
    if !matches!(node, Json::Obj(_)) {
        *node = Json::Obj(Vec::new());
    }
    let Json::Obj(members) = node else { return };
    let mut child = members
        .iter()
        .position(|(k, _)| k.as_str() == first.as_str())
        .map(|i| members.remove(i).1)
        .unwrap_or(Json::Obj(Vec::new()));
    stamp(&mut child, rest, value);
    members.push((Text::owned(first.clone()), child));
}
