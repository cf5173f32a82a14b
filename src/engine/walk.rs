//! The field walk: every node of one event visited once, with all selectors advanced together,
//! and the rule, inherited action or allowlist setting that applies to it carried out.

use super::locate::{push_key, push_step, PathStep, Skip};
use super::scanner::{NoScrub, Scanned, UrlScrub, FAIL_TOKEN};
use super::Engine;
use crate::action::{self, url::UrlSpec, Applied};
use crate::codec::gzip;
use crate::detect::Source;
use crate::json::{self, Json, Text};
use crate::policy::{Action, Target, Unlisted};
use crate::select::Step;
use std::borrow::Cow;

const KEEP: Action = Action::Keep;
/// The whitespace JSON allows around a value.
const JSON_SPACE: [char; 4] = [' ', '\t', '\n', '\r'];
/// JSON in a string in a string: deeper than this, compressed content goes and text is scanned.
const MAX_NESTING: u8 = 3;

/// What a string held, encoded inside it.
pub(super) enum Nested {
    /// Plain text: scan it.
    No,
    /// Encoded content with nothing to change: keep the string as it is.
    Unchanged,
    Rewritten(String),
    /// Compressed content that cannot be read: the field goes.
    Drop,
}

/// The last field rule and subtree rule whose selectors end at a node.
#[derive(Clone, Copy, Default)]
pub(super) struct Targets {
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
pub(super) struct Inherited<'p> {
    /// The action in force and the rule it came from.
    pub(super) action: Option<(Option<usize>, &'p Action)>,
    pub(super) scan: usize,
    pub(super) unlisted: Unlisted,
    /// Whether a rule above listed this subtree (for allowlist mode).
    pub(super) covered: bool,
}

impl<'p> Engine<'p> {
    /// Visits one node; returns false when it is to be removed from its parent.
    /// `skip` holds paths below `node` to leave alone (batch arrays already redacted as events).
    pub(super) fn walk(
        &mut self,
        node: &mut Json<'_>,
        depth: usize,
        inh: Inherited<'p>,
        skip: Option<&Skip>,
        leaf: Option<Targets>,
    ) -> bool {
        if self.scanner.over.is_some() {
            return true;
        }
        let policy = self.policy;
        let Targets { rule, sub } = match leaf {
            Some(t) => t,
            None => {
                let mut t = Targets::default();
                for sel in policy.selectors.matched(&self.levels[depth]) {
                    t.add(policy.targets[sel]);
                }
                t
            }
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
            if unlisted == Unlisted::Drop && !listed {
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
                    let keys = rule.and_then(|r| policy.rules[r].keys.as_ref().map(|a| (r, a)));
                    self.children(node, depth, next, skip, keys);
                    true
                }
                Json::Bool(_) | Json::Null => true,
                Json::Str(_) | Json::Num(_) => {
                    // What JSON held in this string is read under: the field's own context.
                    let keys = rule.and_then(|r| policy.rules[r].keys.as_ref().map(|a| (r, a)));
                    self.leaf(node, action, rule_ref, scan, (next, keys))
                }
            },
        }
    }

    pub(super) fn children(
        &mut self,
        node: &mut Json<'_>,
        depth: usize,
        inh: Inherited<'p>,
        skip: Option<&Skip>,
        keys: Option<(usize, &'p Action)>,
    ) {
        if self.levels.len() <= depth + 1 {
            self.levels.push(Vec::new());
        }
        let base = self.path.len();
        let scan_keys = !self.policy.scans[inh.scan].is_off();
        match node {
            Json::Obj(members) => {
                // Keys written so far, when a rule rewrites keys: two keys must not become one.
                let mut written: Vec<String> = Vec::new();
                members.retain_mut(|(k, v)| {
                    if let Some((rule, action)) = keys {
                        match self.rewrite_key(k, rule, action, inh.scan) {
                            None => {
                                self.path.truncate(base);
                                return false;
                            }
                            Some(new) if written.contains(&new) => {
                                if self.paths {
                                    push_key(&mut self.path, &new);
                                }
                                self.change(Some(rule), "@rule", "drop", None, Some("same_key"));
                                self.path.truncate(base);
                                return false;
                            }
                            Some(new) => written.push(new),
                        }
                        self.path.truncate(base);
                    }
                    let key = k.as_str();
                    let child_skip = skip.and_then(|s| s.key(key));
                    if child_skip.is_some_and(Skip::is_here) {
                        return true;
                    }
                    let leaf = self.step(depth, Step::Key(key), v);
                    let (rewritten, found, urls) = if scan_keys {
                        self.scan_key(key, inh.scan)
                    } else {
                        (None, Vec::new(), false)
                    };
                    if self.paths {
                        push_key(&mut self.path, rewritten.as_deref().unwrap_or(key));
                    }
                    // Recorded at the key's own (rewritten) path, never the original key.
                    let rule = inh.action.and_then(|(r, _)| r);
                    if !found.is_empty() {
                        let action = self.policy.scans[inh.scan].action.name();
                        self.record_hits(rule, &found, action);
                    }
                    if urls {
                        self.change(rule, "@scan", "url", None, None);
                    }
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
                    let child_skip = skip.and_then(|s| s.index(i));
                    if child_skip.is_some_and(Skip::is_here) {
                        return true;
                    }
                    let leaf = self.step(depth, Step::Index(i), item);
                    if self.paths {
                        push_step(&mut self.path, &PathStep::Index(i));
                    }
                    let keep = self.walk(item, depth + 1, inh, child_skip, leaf);
                    self.path.truncate(base);
                    keep
                });
            }
            _ => {}
        }
    }

    /// Applies a rule's `keys` action to one key in place. None when the member is to go.
    fn rewrite_key(
        &mut self,
        k: &mut Text<'_>,
        rule: usize,
        action: &'p Action,
        scan: usize,
    ) -> Option<String> {
        let base = self.path.len();
        let changes_before = self.receipt.changes.len();
        if self.paths {
            push_key(&mut self.path, k.as_str());
        }
        let new = match action {
            Action::Drop => {
                // Recorded where the member was, not at the key the rule dropped.
                self.path.truncate(base);
                self.change(Some(rule), "@rule", "drop", None, None);
                None
            }
            Action::Replace { token } => {
                // Recorded (at the new key, below): the receipt, the counters and a nested
                // run's "did anything change" all read it.
                if token != k.as_str() {
                    self.change(Some(rule), "@rule", "replace", None, None);
                }
                Some(token.clone())
            }
            _ => {
                let mut tmp = Json::Str(Text::Owned(k.as_str().to_owned()));
                let held = Inherited {
                    action: Some((Some(rule), action)),
                    scan,
                    unlisted: self.policy.unlisted,
                    covered: true,
                };
                self.leaf(&mut tmp, action, Some(rule), scan, (held, None))
                    .then(|| match tmp {
                        Json::Str(t) => t.as_str().to_owned(),
                        _ => FAIL_TOKEN.to_owned(),
                    })
            }
        };
        self.path.truncate(base);
        if let Some(new) = &new {
            if self.paths {
                // The key is data: what was done to it is recorded at its new path.
                push_key(&mut self.path, new);
                let path = crate::receipt::safe_path(&self.path);
                self.path.truncate(base);
                for c in &mut self.receipt.changes[changes_before..] {
                    c.path = path.clone();
                }
            }
            if new != k.as_str() {
                *k = Text::Owned(new.clone());
            }
        }
        new
    }

    /// Content encoded inside a string (JSON text, or gzip bytes held as a latin1 string, as
    /// PostHog's replay sends them) is decoded, redacted by a run of its own under the same
    /// policy, and encoded again the same way: detectors cannot see into compressed bytes, and
    /// field rules should apply inside JSON text. Compressed content that cannot be read, or that
    /// is nested too deep, goes.
    fn nested(&mut self, text: &str, held: (Inherited<'p>, Option<(usize, &'p Action)>)) -> Nested {
        let gzip = text.starts_with("\u{1f}\u{8b}");
        // JSON may have whitespace around it (a trailing newline); it is put back as it was.
        // Each end is trimmed once, and the end only of text that may be JSON at all.
        let started = text.trim_start_matches(JSON_SPACE);
        if !gzip && !matches!(started.as_bytes().first(), Some(b'{' | b'[' | b'"')) {
            return Nested::No;
        }
        let body = started.trim_end_matches(JSON_SPACE);
        let (lead, trail) = if gzip {
            ("", "")
        } else {
            let at = text.len() - started.len();
            (&text[..at], &text[at + body.len()..])
        };
        let bytes = body.as_bytes();
        if !gzip && bytes.len() >= 2 && bytes[0] == b'"' && bytes[bytes.len() - 1] == b'"' {
            return self.double_encoded(body, (lead, trail), held);
        }
        let json = !gzip
            && matches!(bytes.first(), Some(b'{' | b'['))
            && matches!(bytes.last(), Some(b'}' | b']'));
        if !gzip && !json {
            return Nested::No;
        }
        // Deeper than this, JSON goes as compressed content does: as text, its field rules
        // would not apply.
        if self.nesting >= MAX_NESTING {
            return Nested::Drop;
        }
        let limits = self.policy.limits;
        let inner = if gzip {
            let latin1: Option<Vec<u8>> = text.chars().map(|c| u8::try_from(c).ok()).collect();
            let inflated = latin1.and_then(|b| gzip::decompress(&b, limits.max_event_bytes).ok());
            match inflated.and_then(|b| String::from_utf8(b).ok()) {
                Some(s) => Cow::Owned(s),
                None => return Nested::Drop,
            }
        } else {
            Cow::Borrowed(body)
        };
        let (mut tree, duplicates) = match json::parse_counted(&inner, limits.max_depth) {
            Ok((tree, duplicates)) if matches!(tree, Json::Obj(_) | Json::Arr(_)) => {
                (tree, duplicates)
            }
            // Too deep to read: it goes, as the same tree outside a string would.
            Err(json::ParseError::TooDeep { .. }) => return Nested::Drop,
            // Not JSON to a strict reader either: text, scanned as such (gzip: unreadable).
            _ if gzip => return Nested::Drop,
            _ => return Nested::No,
        };
        let mut child = self.child();
        // A repeated key keeps its last value in the tree: the text is written again from the
        // tree, so an earlier value (never walked, never scanned) cannot go out in it.
        child.note_duplicates(duplicates);
        let kept = self.held_run(&mut child, &mut tree, held);
        let receipt = child.finish();
        let changed = !receipt.changes.is_empty();
        self.receipt.changes.extend(receipt.changes);
        if !kept {
            return Nested::Drop;
        }
        if !changed {
            return Nested::Unchanged;
        }
        let out = json::to_string_with_capacity(&tree, inner.len());
        let out = if lead.is_empty() && trail.is_empty() {
            out
        } else {
            format!("{lead}{out}{trail}")
        };
        if gzip {
            Nested::Rewritten(
                gzip::compress(out.as_bytes())
                    .iter()
                    .map(|&b| b as char)
                    .collect(),
            )
        } else {
            Nested::Rewritten(out)
        }
    }

    /// Runs `child` over JSON held in a string of this run: the string's context (action, scan,
    /// allowlist state, `keys` rule) applies at its root, and its scanning counts against this
    /// event's budget. False when the budget ran out (the event then goes, as the caller sees).
    fn held_run(
        &mut self,
        child: &mut Engine<'p>,
        tree: &mut Json<'_>,
        (inh, keys): (Inherited<'p>, Option<(usize, &'p Action)>),
    ) -> bool {
        self.lend_budget(child);
        child.enter_root();
        child.children(tree, 0, inh, None, keys);
        self.take_budget_back(child)
    }

    /// A nested run scans on this event's budget (`max_scan_bytes`, `max_pattern_work`).
    fn lend_budget(&self, child: &mut Engine<'p>) {
        child.scanner.scanned = self.scanner.scanned;
        child.scanner.pattern_work = self.scanner.pattern_work;
        child.scanner.event_secs = self.scanner.event_secs;
    }

    /// What a nested run used of the budget; false when it ran out.
    fn take_budget_back(&mut self, child: &Engine<'p>) -> bool {
        self.scanner.scanned = child.scanner.scanned;
        self.scanner.pattern_work = child.scanner.pattern_work;
        if let Some(limit) = child.scanner.over {
            self.scanner.over = Some(limit);
            return false;
        }
        true
    }

    /// A string whose content is itself a JSON string (JSON encoded twice, as
    /// `JSON.stringify(JSON.stringify(x))` makes it): what that string holds is read one nesting
    /// level down, and written back encoded the same way.
    fn double_encoded(
        &mut self,
        body: &str,
        (lead, trail): (&str, &str),
        held: (Inherited<'p>, Option<(usize, &'p Action)>),
    ) -> Nested {
        let Ok(Json::Str(inner)) = json::parse(body, 1) else {
            return Nested::No;
        };
        let inner = inner.decoded().into_owned();
        let mut child = self.child();
        self.lend_budget(&mut child);
        let result = child.nested(&inner, held);
        let within = self.take_budget_back(&child);
        self.receipt.changes.extend(child.finish().changes);
        match result {
            _ if !within => Nested::Drop,
            Nested::Rewritten(text) => {
                let mut out = String::with_capacity(text.len() + lead.len() + trail.len() + 2);
                out.push_str(lead);
                json::push_string(&mut out, &text);
                out.push_str(trail);
                Nested::Rewritten(out)
            }
            other => other,
        }
    }

    /// Moves the automaton into child `step`. A container gets its states at `depth + 1`; a
    /// leaf only needs to know which selectors end at it, returned directly.
    pub(super) fn step(
        &mut self,
        depth: usize,
        step: Step<'_>,
        child: &Json<'_>,
    ) -> Option<Targets> {
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

    /// Scans an object key; returns the rewritten key (if it held personal data or a URL with
    /// a query), what fired, and whether a URL in it was rebuilt.
    pub(super) fn scan_key(
        &mut self,
        key: &str,
        scan: usize,
    ) -> (Option<String>, Vec<Source>, bool) {
        match self.scanner.scan(key, scan) {
            Scanned::Clean => (None, Vec::new(), false),
            Scanned::Rewritten(new_key, found, urls) => (Some(new_key), found, urls),
            // A key cannot be dropped without its value; it is replaced instead.
            Scanned::DropField(found) => (Some("[key]".to_owned()), found, false),
        }
    }

    /// Applies `action` to a string or number. Returns false to remove the field.
    /// `held`: what the field passes to JSON held in it (its inherited action, scan and
    /// allowlist state, and its rule's `keys` action), as it would to an object in its place.
    pub(super) fn leaf(
        &mut self,
        node: &mut Json<'_>,
        action: &'p Action,
        rule: Option<usize>,
        scan: usize,
        held: (Inherited<'p>, Option<(usize, &'p Action)>),
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
                match self.nested(&text, held) {
                    Nested::No => {}
                    Nested::Unchanged => return true,
                    Nested::Rewritten(s) => {
                        drop(text);
                        *node = Json::Str(Text::Owned(s));
                        return true;
                    }
                    Nested::Drop => {
                        self.change(rule, "@nested", "drop", None, Some("unreadable"));
                        return false;
                    }
                }
                // A number is scanned as the value a reader holds: `4.111111111111111e15` is a
                // card number to every JSON reader, whatever its spelling.
                let plain = if is_num {
                    json::plain_number(&text)
                } else {
                    None
                };
                let scanned = match self.scanner.scan(plain.as_deref().unwrap_or(&text), scan) {
                    Scanned::Clean => None,
                    Scanned::Rewritten(s, found, urls) => {
                        self.record_hits(rule, &found, self.policy.scans[scan].action.name());
                        if urls {
                            self.change(rule, "@scan", "url", None, None);
                        }
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
                embedded,
            } => {
                let spec = UrlSpec {
                    query,
                    keep_fragment: *keep_fragment,
                    template_ids: *template_ids,
                    origin_only: *origin_only,
                };
                let (out, found) = if *embedded && *do_scan {
                    // Free text: every URL in it rebuilt, the rest scanned like any kept string.
                    let mut scrub = UrlScrub {
                        scanner: &mut self.scanner,
                        scan,
                        found: Vec::new(),
                    };
                    let out = action::url::sanitize_embedded(&text, &spec, &mut scrub);
                    (Some(out), scrub.found)
                } else if *embedded {
                    let out = action::url::sanitize_embedded(&text, &spec, &mut NoScrub);
                    (Some(out), Vec::new())
                } else if *do_scan {
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
            Action::Drop | Action::Replace { .. } => unreachable!("handled by walk"),
            value_only => match action::apply_value(value_only, &text, is_num) {
                Some(Applied::Same) => None,
                Some(Applied::Value { text, number: true }) => Some(Json::Num(Cow::Owned(text))),
                Some(Applied::Value { text, .. }) => Some(Json::Str(Text::Owned(text))),
                Some(Applied::Unreadable) | None => {
                    note = Some("unparseable");
                    Some(Json::Str(Text::owned(FAIL_TOKEN)))
                }
            },
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
