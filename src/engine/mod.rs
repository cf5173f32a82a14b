//! A compiled policy applied to one input (an event or a batch body) under one consent state.
//!
//! The whole input is parsed into a borrowed tree, walked once with all selectors advanced
//! together as an automaton, rewritten in place, and written back. Only what a rule or a
//! detector touches is rebuilt; everything else is copied byte for byte.

mod locate;
mod scanner;
mod walk;

use crate::action;
use crate::consent::{ConsentState, PurposeSet};
use crate::detect::Source;
use crate::json::{self, Json, ParseError, Text};
use crate::policy::{CompiledPolicy, Unlisted};
use crate::receipt::{safe_path, Change, Drop, Reason, Receipt};
use crate::select::States;
use locate::{find, locate_array, node_at, push_step, PathStep};
use scanner::Scanner;
use walk::Inherited;

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
    redact_as(policy, consent, key, text, None)
}

/// Like [`redact`], with the event name to use when the event itself carries none (a Sentry
/// envelope names its items in the item header, not in the payload).
pub fn redact_as(
    policy: &CompiledPolicy,
    consent: &ConsentState,
    key: Option<&[u8]>,
    text: &str,
    name_hint: Option<&str>,
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
    w.denied = consent.denied();
    w.name_hint = name_hint;
    let kept = w.body(&mut root);
    let mut receipt = w.receipt;
    receipt.kept = kept;
    let output = kept.then(|| json::to_string_with_capacity(&root, text.len()));
    Outcome { output, receipt }
}

struct Walker<'p> {
    policy: &'p CompiledPolicy,
    name_hint: Option<&'p str>,
    granted: PurposeSet,
    denied: PurposeSet,
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
            name_hint: None,
            granted,
            denied: PurposeSet::default(),
            scanner: Scanner {
                policy,
                key,
                hits: Vec::new(),
                scratch: Default::default(),
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
        let name = name.or_else(|| self.name_hint.map(str::to_owned));
        if let Some(name) = &name {
            if let Some(rule) = policy
                .events
                .iter()
                .rev()
                .find(|r| r.names.iter().any(|g| g.matches(name)))
            {
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
        if let Some((keys, purposes)) = &policy.labels {
            let mut labels = Vec::with_capacity(purposes.len());
            for &p in purposes {
                let granted = self.granted.contains(p);
                labels.push((Text::owned(policy.purposes.name(p)), Json::Bool(granted)));
            }
            stamp(event, keys, Json::Obj(labels));
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
}

/// Writes `value` at the key path `keys`, creating objects on the way. Any existing member
/// with the same key is removed first, duplicates included: a label the page set itself must
/// not survive next to ours.
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
        .position(|(k, _)| k.decoded() == first.as_str())
        .map(|i| members.remove(i).1)
        .unwrap_or(Json::Obj(Vec::new()));
    members.retain(|(k, _)| k.decoded() != first.as_str());
    stamp(&mut child, rest, value);
    members.push((Text::owned(first.clone()), child));
}
