//! A compiled policy applied to one input (an event or a batch body) under one consent state.
//!
//! The whole input is parsed into a borrowed tree, walked once with all selectors advanced
//! together as an automaton, rewritten in place, and written back. Only what a rule or a
//! detector touches is rebuilt; everything else is copied byte for byte.

use crate::action::{self, hash::HashSpec, url::UrlSpec};
use crate::consent::{ConsentState, PurposeSet};
use crate::detect::{self, Hit, Source};
use crate::json::{self, Json, ParseError, Text};
use crate::policy::{Action, CompiledPolicy, Target, Unlisted};
use crate::receipt::{safe_path, Change, Drop, Reason, Receipt};
use crate::select::{Segment, Selector, States, Step};
use std::borrow::Cow;

const KEEP: Action = Action::Keep;
const FAIL_TOKEN: &str = "[redacted]";

/// The redacted text (None when nothing may be sent) and what was done.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub output: Option<String>,
    pub receipt: Receipt,
}

impl Outcome {
    fn dropped(reason: Reason, detail: impl Into<String>) -> Self {
        Outcome {
            output: None,
            receipt: Receipt::dropped_whole(reason, Some(detail.into())),
        }
    }
}

/// Redacts one JSON text. Pure: the result depends only on the arguments.
pub fn redact(
    policy: &CompiledPolicy,
    consent: &ConsentState,
    key: Option<&[u8]>,
    text: &str,
) -> Outcome {
    let limits = policy.limits;
    if text.len() > limits.max_event_bytes {
        return Outcome::dropped(Reason::Limit, "max_event_bytes");
    }
    let mut root = match json::parse(text, limits.max_depth) {
        Ok(root) => root,
        Err(ParseError::TooDeep { .. }) => return Outcome::dropped(Reason::Limit, "max_depth"),
        Err(e) => return Outcome::dropped(Reason::InvalidEvent, e.to_string()),
    };
    if !matches!(root, Json::Obj(_) | Json::Arr(_)) {
        return Outcome::dropped(
            Reason::InvalidEvent,
            "an event must be a JSON object or array",
        );
    }
    let mut w = Walker::new(policy, consent.granted(), key);
    let kept = w.body(&mut root);
    let mut receipt = w.receipt;
    receipt.kept = kept;
    let output = kept.then(|| json::to_string_with_capacity(&root, text.len()));
    Outcome { output, receipt }
}

/// The last field rule and subtree rule whose selectors end at a node.
#[derive(Clone, Copy, Default)]
struct Targets {
    rule: Option<usize>,
    sub: Option<usize>,
}

impl Targets {
    fn add(&mut self, t: Target) {
        match t {
            Target::Rule(r) => self.rule = self.rule.max(Some(r)),
            Target::Subtree(s) => self.sub = self.sub.max(Some(s)),
        }
    }
}

/// What a node passes to its children.
#[derive(Clone, Copy)]
struct Inherited<'p> {
    /// The action in force and the rule it came from.
    action: Option<(Option<usize>, &'p Action)>,
    scan: usize,
    unlisted: Unlisted,
    /// Whether a rule above listed this subtree (for allowlist mode).
    covered: bool,
}

/// Scanning state for one event: detector scratch space and the byte budget.
struct Scanner<'p> {
    policy: &'p CompiledPolicy,
    key: Option<&'p [u8]>,
    hits: Vec<Hit>,
    scanned: usize,
    over_budget: bool,
    event_secs: Option<i64>,
}

enum Scanned {
    Clean,
    Rewritten(String, Vec<Source>),
    DropField(Vec<Source>),
}

impl<'p> Scanner<'p> {
    /// Runs scan config `idx` over `text`.
    fn scan(&mut self, text: &str, idx: usize) -> Scanned {
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
        detect::scan(text, cfg.detectors, &patterns, &mut self.hits);
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
    fn hash(&self, value: &str, action: &Action) -> Option<String> {
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
struct UrlScrub<'s, 'p> {
    scanner: &'s mut Scanner<'p>,
    scan: usize,
    found: Vec<Source>,
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

struct Walker<'p> {
    policy: &'p CompiledPolicy,
    granted: PurposeSet,
    scanner: Scanner<'p>,
    /// Automaton states per depth, reused across nodes.
    levels: Vec<States>,
    /// The printed path of the current node.
    path: String,
    rules_on: bool,
    receipt: Receipt,
}

impl<'p> Walker<'p> {
    fn new(policy: &'p CompiledPolicy, granted: PurposeSet, key: Option<&'p [u8]>) -> Self {
        Walker {
            policy,
            granted,
            scanner: Scanner {
                policy,
                key,
                hits: Vec::new(),
                scanned: 0,
                over_budget: false,
                event_secs: None,
            },
            levels: Vec::new(),
            path: String::new(),
            rules_on: true,
            receipt: Receipt::default(),
        }
    }

    /// Handles a whole body: a batch of events or one event. Returns whether anything is sent.
    fn body(&mut self, root: &mut Json<'_>) -> bool {
        if let Json::Arr(items) = root {
            return self.batch(items);
        }
        let found = self
            .policy
            .batch
            .iter()
            .find_map(|s| locate_array(root, s.segments()));
        let Some(steps) = found else {
            self.receipt.events = 1;
            return self.event(root);
        };
        let slot = node_at(root, &steps).expect("located above");
        let mut events = std::mem::replace(slot, Json::Null);
        let prefix = self.path.clone();
        for step in &steps {
            push_step(&mut self.path, step);
        }
        let any = match &mut events {
            Json::Arr(items) => self.batch(items),
            _ => unreachable!("locate_array only finds arrays"),
        };
        self.path = prefix;
        *node_at(root, &steps).expect("still there") = events;
        if any {
            // The envelope around the events: scanned, no field rules.
            self.rules_on = false;
            self.scanner.scanned = 0;
            let inh = Inherited {
                action: None,
                scan: 0,
                unlisted: Unlisted::Keep,
                covered: true,
            };
            self.enter_root();
            self.walk(root, 0, inh, Some(&steps), None);
        }
        any
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
            self.event(item)
        });
        self.path = base;
        count == 0 || !items.is_empty()
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

    /// One event: event rules first, then the field walk. Returns whether it is kept.
    fn event(&mut self, event: &mut Json<'_>) -> bool {
        let policy = self.policy;
        self.rules_on = true;
        let name = policy.event_name.iter().find_map(|s| match find(event, s) {
            Some(Json::Str(t)) => Some(t.decoded().into_owned()),
            _ => None,
        });
        if let Some(name) = &name {
            if let Some(rule) = policy
                .events
                .iter()
                .rev()
                .find(|r| r.names.iter().any(|g| g.matches(name)))
            {
                if !rule.required.within(self.granted) {
                    let missing = PurposeSet(rule.required.0 & !self.granted.0)
                        .iter()
                        .map(|i| policy.purposes.name(i).to_owned())
                        .collect();
                    self.drop_event(Reason::Consent, Some(rule.id.clone()), missing, None);
                    return false;
                }
            }
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
        self.scanner.scanned = 0;
        self.scanner.over_budget = false;
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
        if self.scanner.over_budget {
            self.receipt.changes.truncate(changes_before);
            self.drop_event(
                Reason::Limit,
                None,
                Vec::new(),
                Some("max_scan_bytes".into()),
            );
            return false;
        }
        true
    }

    fn change(
        &mut self,
        rule: Option<usize>,
        fallback: &str,
        action: &'static str,
        detector: Option<&str>,
        note: Option<&'static str>,
    ) {
        let rule = match rule {
            Some(r) => self.policy.rules[r].id.clone(),
            None => fallback.to_owned(),
        };
        self.receipt.changes.push(Change {
            rule,
            path: safe_path(&self.path),
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

    /// Visits one node; returns false when it is to be removed from its parent.
    /// `skip` is the path of a batch array to leave alone while walking an envelope.
    fn walk(
        &mut self,
        node: &mut Json<'_>,
        depth: usize,
        inh: Inherited<'p>,
        skip: Option<&[PathStep]>,
        leaf: Option<Targets>,
    ) -> bool {
        if self.scanner.over_budget {
            return true;
        }
        let policy = self.policy;
        let Targets { rule, sub } = match leaf {
            Some(t) => t,
            None if self.rules_on => {
                let mut t = Targets::default();
                for sel in policy.selectors.matched(&self.levels[depth]) {
                    t.add(policy.targets[sel]);
                }
                t
            }
            None => Targets::default(),
        };
        let unlisted = sub.map_or(inh.unlisted, |s| policy.subtrees[s].1);
        let (source, action, scan) = if let Some(r) = rule {
            let cr = &policy.rules[r];
            let a = if cr.required.within(self.granted) {
                &cr.granted
            } else {
                &cr.denied
            };
            (Some((Some(r), a)), a, cr.scan.unwrap_or(inh.scan))
        } else if let Some((r, a)) = inh.action {
            (Some((r, a)), a, inh.scan)
        } else {
            let container = matches!(node, Json::Obj(_) | Json::Arr(_));
            let listed =
                inh.covered || (container && policy.selectors.has_live(&self.levels[depth]));
            if unlisted == Unlisted::Drop && !listed && self.rules_on {
                self.change(None, "@unlisted", "drop", None, None);
                return false;
            }
            (None, &KEEP, inh.scan)
        };
        let rule_ref = source.and_then(|(r, _)| r);
        let next = Inherited {
            action: source,
            scan,
            unlisted,
            covered: inh.covered || source.is_some(),
        };
        match action {
            Action::Drop => {
                self.change(rule_ref, "@rule", "drop", None, None);
                false
            }
            Action::Replace { token } => {
                if !matches!(node, Json::Str(t) if t.decoded() == token.as_str()) {
                    *node = Json::Str(Text::owned(token.clone()));
                    self.change(rule_ref, "@rule", "replace", None, None);
                }
                true
            }
            _ => match node {
                Json::Obj(_) | Json::Arr(_) => {
                    self.children(node, depth, next, skip);
                    true
                }
                Json::Bool(_) | Json::Null => true,
                Json::Str(_) | Json::Num(_) => self.leaf(node, action, rule_ref, scan),
            },
        }
    }

    fn children(
        &mut self,
        node: &mut Json<'_>,
        depth: usize,
        inh: Inherited<'p>,
        skip: Option<&[PathStep]>,
    ) {
        if self.levels.len() <= depth + 1 {
            self.levels.push(Vec::new());
        }
        let base = self.path.len();
        let scan_keys = !self.policy.scans[inh.scan].is_off();
        match node {
            Json::Obj(members) => {
                members.retain_mut(|(k, v)| {
                    let key = k.decoded();
                    let child_skip = skip.and_then(|s| match s.first() {
                        Some(PathStep::Key(want)) if want == key.as_ref() => Some(&s[1..]),
                        _ => None,
                    });
                    if child_skip.is_some_and(|s| s.is_empty()) {
                        return true;
                    }
                    let leaf = self.step(depth, Step::Key(&key), v);
                    let (rewritten, found) = if scan_keys {
                        self.scan_key(&key, inh.scan)
                    } else {
                        (None, Vec::new())
                    };
                    push_key(&mut self.path, rewritten.as_deref().unwrap_or(&key));
                    // Recorded at the key's own (rewritten) path, never the original key.
                    if !found.is_empty() {
                        let action = self.policy.scans[inh.scan].action.name();
                        self.record_hits(inh.action.and_then(|(r, _)| r), &found, action);
                    }
                    drop(key);
                    if let Some(new_key) = rewritten {
                        *k = Text::Owned(new_key);
                    }
                    let keep = self.walk(v, depth + 1, inh, child_skip, leaf);
                    self.path.truncate(base);
                    keep
                });
            }
            Json::Arr(items) => {
                let mut index = 0;
                items.retain_mut(|item| {
                    let i = index;
                    index += 1;
                    let child_skip = skip.and_then(|s| match s.first() {
                        Some(PathStep::Index(want)) if *want == i => Some(&s[1..]),
                        _ => None,
                    });
                    if child_skip.is_some_and(|s| s.is_empty()) {
                        return true;
                    }
                    let leaf = self.step(depth, Step::Index(i), item);
                    push_step(&mut self.path, &PathStep::Index(i));
                    let keep = self.walk(item, depth + 1, inh, child_skip, leaf);
                    self.path.truncate(base);
                    keep
                });
            }
            _ => {}
        }
    }

    /// Moves the automaton into child `step`. A container gets its states at `depth + 1`; a
    /// leaf only needs to know which selectors end at it, returned directly.
    fn step(&mut self, depth: usize, step: Step<'_>, child: &Json<'_>) -> Option<Targets> {
        if !self.rules_on {
            return None;
        }
        let policy = self.policy;
        if !matches!(child, Json::Obj(_) | Json::Arr(_)) {
            let mut t = Targets::default();
            policy
                .selectors
                .leaf_matches(&self.levels[depth], step, |sel| t.add(policy.targets[sel]));
            return Some(t);
        }
        let (head, tail) = self.levels.split_at_mut(depth + 1);
        policy.selectors.step(&head[depth], step, &mut tail[0]);
        None
    }

    /// Scans an object key; returns the rewritten key (if it held personal data) and what fired.
    fn scan_key(&mut self, key: &str, scan: usize) -> (Option<String>, Vec<Source>) {
        match self.scanner.scan(key, scan) {
            Scanned::Clean => (None, Vec::new()),
            Scanned::Rewritten(new_key, found) => (Some(new_key), found),
            // A key cannot be dropped without its value; it is replaced instead.
            Scanned::DropField(found) => (Some("[key]".to_owned()), found),
        }
    }

    /// Applies `action` to a string or number. Returns false to remove the field.
    fn leaf(
        &mut self,
        node: &mut Json<'_>,
        action: &'p Action,
        rule: Option<usize>,
        scan: usize,
    ) -> bool {
        let is_num = matches!(node, Json::Num(_));
        let text: Cow<'_, str> = match &*node {
            Json::Str(t) => t.decoded(),
            Json::Num(n) => Cow::Borrowed(n.as_ref()),
            _ => return true,
        };
        let mut note = None;
        let result: Option<Json<'static>> = match action {
            Action::Keep | Action::Truncate { .. } => {
                let scanned = match self.scanner.scan(&text, scan) {
                    Scanned::Clean => None,
                    Scanned::Rewritten(s, found) => {
                        self.record_hits(rule, &found, self.policy.scans[scan].action.name());
                        Some(s)
                    }
                    Scanned::DropField(found) => {
                        self.record_hits(rule, &found, "drop");
                        return false;
                    }
                };
                let current = scanned.as_deref().unwrap_or(&text);
                match action {
                    Action::Truncate { max } if current.chars().count() > *max => {
                        let cut = action::truncate(current, *max).to_owned();
                        self.change(rule, "@rule", "truncate", None, None);
                        Some(Json::Str(Text::Owned(cut)))
                    }
                    _ => scanned.map(|s| Json::Str(Text::Owned(s))),
                }
            }
            Action::Mask {
                keep_last,
                mask_char,
                preserve_length,
            } => Some(Json::Str(Text::Owned(action::mask::mask(
                &text,
                *keep_last,
                *mask_char,
                *preserve_length,
            )))),
            Action::Hash { .. } => match self.scanner.hash(&text, action) {
                Some(h) => Some(Json::Str(Text::Owned(h))),
                None => {
                    note = Some(if self.scanner.key.is_none() {
                        "no_key"
                    } else {
                        "no_timestamp"
                    });
                    Some(Json::Str(Text::owned(FAIL_TOKEN)))
                }
            },
            Action::Url {
                query,
                keep_fragment,
                template_ids,
                scan: do_scan,
                origin_only,
            } => {
                let spec = UrlSpec {
                    query,
                    keep_fragment: *keep_fragment,
                    template_ids: *template_ids,
                    origin_only: *origin_only,
                };
                let (out, found) = if *do_scan {
                    let mut scrub = UrlScrub {
                        scanner: &mut self.scanner,
                        scan,
                        found: Vec::new(),
                    };
                    let out = action::url::sanitize(&text, &spec, &mut scrub);
                    (out, scrub.found)
                } else {
                    (
                        action::url::sanitize(&text, &spec, &mut NoScrub),
                        Vec::new(),
                    )
                };
                self.record_hits(rule, &found, "url");
                match out {
                    Some(u) => Some(Json::Str(Text::Owned(u))),
                    None => {
                        note = Some("unparseable");
                        Some(Json::Str(Text::owned(FAIL_TOKEN)))
                    }
                }
            }
            Action::Ip {
                v4_prefix,
                v6_prefix,
            } => {
                if text.starts_with('$') {
                    None // a server-side placeholder such as Amplitude's "$remote"
                } else {
                    match action::ip::truncate(&text, *v4_prefix, *v6_prefix) {
                        Some(ip) => Some(Json::Str(Text::Owned(ip))),
                        None => {
                            note = Some("unparseable");
                            Some(Json::Str(Text::owned(FAIL_TOKEN)))
                        }
                    }
                }
            }
            Action::Time { unit } => match action::time::coarsen(&text, *unit) {
                Some(t) if is_num => Some(Json::Num(Cow::Owned(t))),
                Some(t) => Some(Json::Str(Text::Owned(t))),
                None => {
                    note = Some("unparseable");
                    Some(Json::Str(Text::owned(FAIL_TOKEN)))
                }
            },
            Action::UserAgent => Some(Json::Str(Text::Owned(action::user_agent::reduce(&text)))),
            Action::Bucket { size, bounds } => match action::parse_number(&text) {
                Some(x) => {
                    let b = action::format_number(action::bucket(x, *size, bounds.as_deref()));
                    Some(if is_num {
                        Json::Num(Cow::Owned(b))
                    } else {
                        Json::Str(Text::Owned(b))
                    })
                }
                _ => {
                    note = Some("unparseable");
                    Some(Json::Str(Text::owned(FAIL_TOKEN)))
                }
            },
            Action::Drop | Action::Replace { .. } => unreachable!("handled by walk"),
        };
        if let Some(new) = result {
            let same = match &new {
                Json::Str(a) => !is_num && a.decoded() == text,
                Json::Num(a) => is_num && *a == text,
                _ => false,
            };
            drop(text);
            if !same {
                if !matches!(action, Action::Keep | Action::Truncate { .. }) {
                    self.change(rule, "@rule", action.name(), None, note);
                }
                *node = new;
            }
        }
        true
    }
}

struct NoScrub;

impl action::url::Scrub for NoScrub {
    fn scrub(&mut self, _: &str) -> Option<String> {
        None
    }
    fn label(&mut self, _: &str) -> Option<String> {
        None
    }
}

/// A concrete step of a located path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn push_step(path: &mut String, step: &PathStep) {
    match step {
        PathStep::Key(k) => push_key(path, k),
        PathStep::Index(i) => {
            use std::fmt::Write;
            let _ = write!(path, "[{i}]");
        }
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    crate::select::format_key(key, path);
}

/// The first node `segs` selects below `node`, depth-first.
fn find<'n, 'a>(node: &'n Json<'a>, segs: &Selector) -> Option<&'n Json<'a>> {
    find_segs(node, segs.segments())
}

fn find_segs<'n, 'a>(node: &'n Json<'a>, segs: &[Segment]) -> Option<&'n Json<'a>> {
    let Some(first) = segs.first() else {
        return Some(node);
    };
    if *first == Segment::AnyDeep {
        if let Some(hit) = find_segs(node, &segs[1..]) {
            return Some(hit);
        }
    }
    let rest = if *first == Segment::AnyDeep {
        segs
    } else {
        &segs[1..]
    };
    match node {
        Json::Obj(members) => members.iter().find_map(|(k, v)| {
            let key = k.decoded();
            segment_matches(first, Step::Key(&key))
                .then(|| find_segs(v, rest))
                .flatten()
        }),
        Json::Arr(items) => items.iter().enumerate().find_map(|(i, v)| {
            segment_matches(first, Step::Index(i))
                .then(|| find_segs(v, rest))
                .flatten()
        }),
        _ => None,
    }
}

fn segment_matches(seg: &Segment, step: Step<'_>) -> bool {
    seg.matches(step)
}

/// The path of the first array `segs` selects (no `**` needed for batches).
fn locate_array(node: &Json<'_>, segs: &[Segment]) -> Option<Vec<PathStep>> {
    let Some(first) = segs.first() else {
        return matches!(node, Json::Arr(_)).then(Vec::new);
    };
    match node {
        Json::Obj(members) => members.iter().find_map(|(k, v)| {
            let Text::Plain(key) = k else { return None };
            if !first.matches(Step::Key(key)) {
                return None;
            }
            let mut rest = locate_array(v, &segs[1..])?;
            rest.insert(0, PathStep::Key((*key).to_owned()));
            Some(rest)
        }),
        _ => None,
    }
}

fn node_at<'n, 'a>(node: &'n mut Json<'a>, steps: &[PathStep]) -> Option<&'n mut Json<'a>> {
    let Some(first) = steps.first() else {
        return Some(node);
    };
    match (node, first) {
        (Json::Obj(members), PathStep::Key(k)) => {
            let (_, v) = members
                .iter_mut()
                .find(|(key, _)| matches!(key, Text::Plain(p) if p == k))?;
            node_at(v, &steps[1..])
        }
        (Json::Arr(items), PathStep::Index(i)) => node_at(items.get_mut(*i)?, &steps[1..]),
        _ => None,
    }
}
