//! What was done to an event, by which rule, at which path: never a value.
//!
//! Paths are built from keys, and a key can itself hold personal data (`{"jane@x.com": 1}`), so
//! every path is scanned before it is stored and hits are replaced by the detector's name.

use crate::detect::{scan, DetectorSet};
use crate::json::push_string;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A purpose the event needs is denied.
    Consent,
    /// A purpose the event needs is still unknown (with `unknown_consent: hold`).
    ConsentPending,
    /// The event went over a limit; `limit` says which.
    Limit,
    /// Not JSON, or not an object or array.
    InvalidEvent,
    /// The engine failed; nothing was sent.
    InternalError,
    /// A request body (or envelope item) in no format the codecs read: blocked, not sent raw.
    Unreadable,
    /// The policy does not send this kind of event at all (`detail`: `replay`).
    Policy,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Consent => "consent",
            Reason::ConsentPending => "consent_pending",
            Reason::Limit => "limit",
            Reason::InvalidEvent => "invalid_event",
            Reason::InternalError => "internal_error",
            Reason::Unreadable => "unreadable_body",
            Reason::Policy => "policy",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drop {
    /// Where the event was: `""` for the whole body, `batch[2]` inside a batch.
    pub path: String,
    pub reason: Reason,
    pub rule: Option<String>,
    /// Purposes that were needed and not granted.
    pub missing: Vec<String>,
    /// The limit that was hit, or what was wrong with the input. Never a value.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field rule's id, `@unlisted` for allowlist drops, `@scan` for the policy's scanning.
    pub rule: String,
    pub path: String,
    pub action: &'static str,
    pub detector: Option<String>,
    /// Why an action fell back to dropping or replacing (`unparseable`, `no_timestamp`).
    pub note: Option<&'static str>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Receipt {
    /// Whether anything is sent.
    pub kept: bool,
    /// Events found in the input (1 unless it is a batch).
    pub events: usize,
    pub dropped: Vec<Drop>,
    pub changes: Vec<Change>,
    /// For request bodies: what the codecs read (`json`, `gzip+json`, `form-base64`, `envelope`...).
    pub format: Option<String>,
}

impl Receipt {
    pub fn dropped_whole(reason: Reason, detail: Option<String>) -> Self {
        Receipt {
            kept: false,
            events: 0,
            dropped: vec![Drop {
                path: String::new(),
                reason,
                rule: None,
                missing: Vec::new(),
                detail,
            }],
            changes: Vec::new(),
            format: None,
        }
    }

    /// Adds a part's receipt (an envelope item, a form field) with its paths under `prefix`.
    pub fn absorb(&mut self, part: Receipt, prefix: &str) {
        let under = |path: String| match path.as_bytes().first() {
            None => prefix.to_owned(),
            Some(b'[') => format!("{prefix}{path}"),
            Some(_) => format!("{prefix}.{path}"),
        };
        self.events += part.events;
        for mut d in part.dropped {
            d.path = under(d.path);
            self.dropped.push(d);
        }
        for mut c in part.changes {
            c.path = under(c.path);
            self.changes.push(c);
        }
    }

    /// Records a body field the codec removed because it is not known to be safe.
    pub fn drop_field(&mut self, path: &str) {
        self.changes.push(Change {
            rule: "@codec".into(),
            path: safe_path(path),
            action: "drop",
            detector: None,
            note: None,
        });
    }

    /// The receipt as JSON: `{kept, events, dropped: [...], changes: [...]}`.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 + self.changes.len() * 64);
        out.push_str(if self.kept {
            "{\"kept\":true"
        } else {
            "{\"kept\":false"
        });
        out.push_str(",\"events\":");
        out.push_str(&self.events.to_string());
        out.push_str(",\"dropped\":[");
        for (i, d) in self.dropped.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"path\":");
            push_string(&mut out, &d.path);
            out.push_str(",\"reason\":");
            push_string(&mut out, d.reason.as_str());
            if let Some(rule) = &d.rule {
                out.push_str(",\"rule\":");
                push_string(&mut out, rule);
            }
            if !d.missing.is_empty() {
                out.push_str(",\"missing\":[");
                for (j, m) in d.missing.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    push_string(&mut out, m);
                }
                out.push(']');
            }
            if let Some(detail) = &d.detail {
                out.push_str(",\"detail\":");
                push_string(&mut out, detail);
            }
            out.push('}');
        }
        out.push_str("],\"changes\":[");
        for (i, c) in self.changes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"rule\":");
            push_string(&mut out, &c.rule);
            out.push_str(",\"path\":");
            push_string(&mut out, &c.path);
            out.push_str(",\"action\":");
            push_string(&mut out, c.action);
            if let Some(d) = &c.detector {
                out.push_str(",\"detector\":");
                push_string(&mut out, d);
            }
            if let Some(n) = c.note {
                out.push_str(",\"note\":");
                push_string(&mut out, n);
            }
            out.push('}');
        }
        out.push(']');
        if let Some(format) = &self.format {
            out.push_str(",\"format\":");
            push_string(&mut out, format);
        }
        out.push('}');
        out
    }
}

/// Replaces personal data inside a path with `[key]`, and the query and fragment of a key that
/// holds one (a URL, with or without a scheme: `/checkout?token=…`) with `?…` (a token in a
/// query is data no detector sees).
pub fn safe_path(path: &str) -> String {
    let without_queries;
    let path = if path.contains('?') || path.contains('#') {
        without_queries = strip_url_queries(path);
        without_queries.as_str()
    } else {
        path
    };
    let mut hits = Vec::new();
    scan(path, DetectorSet::all(), &[], &mut hits);
    if hits.is_empty() {
        return path.to_owned();
    }
    let mut out = String::with_capacity(path.len());
    let mut last = 0;
    for h in &hits {
        out.push_str(&path[last..h.start]);
        out.push_str("[key]");
        last = h.end;
    }
    out.push_str(&path[last..]);
    out
}

/// In each path segment, everything from `?` or `#` to the segment's end: the closing quote of
/// a quoted key, or the next `.` or `[` after a bare one (which holds neither).
fn strip_url_queries(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_quotes = false;
    let mut skipping = false;
    let mut escaped = false;
    for c in path.chars() {
        if in_quotes && !escaped && c == '"' {
            in_quotes = false;
            skipping = false;
            out.push(c);
            continue;
        }
        if !in_quotes && matches!(c, '"' | '.' | '[') {
            in_quotes = c == '"';
            skipping = false;
            out.push(c);
            continue;
        }
        if !skipping && (c == '?' || c == '#') {
            skipping = true;
            out.push_str("?…");
        }
        escaped = in_quotes && !escaped && c == '\\';
        if !skipping {
            out.push(c);
        }
    }
    out
}

/// Totals across every event a guard has seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    pub calls: u64,
    pub events_seen: u64,
    pub events_kept: u64,
    pub events_dropped: u64,
    pub dropped_by_reason: Tally,
    pub changes_by_action: Tally,
    pub hits_by_detector: Tally,
}

/// Counts by name, kept in first-seen order (a handful of names; no map needed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally(Vec<(String, u64)>);

impl Tally {
    pub fn bump(&mut self, name: &str) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => *count += 1,
            None => self.0.push((name.to_owned(), 1)),
        }
    }

    pub fn get(&self, name: &str) -> u64 {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, c)| *c)
    }
}

fn push_map(out: &mut String, name: &str, map: &Tally) {
    out.push_str(",\"");
    out.push_str(name);
    out.push_str("\":{");
    for (i, (k, v)) in map.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(out, k);
        out.push(':');
        out.push_str(&v.to_string());
    }
    out.push('}');
}

impl Counters {
    pub fn to_json(&self) -> String {
        let mut out = format!(
            "{{\"calls\":{},\"events_seen\":{},\"events_kept\":{},\"events_dropped\":{}",
            self.calls, self.events_seen, self.events_kept, self.events_dropped
        );
        push_map(&mut out, "dropped_by_reason", &self.dropped_by_reason);
        push_map(&mut out, "changes_by_action", &self.changes_by_action);
        push_map(&mut out, "hits_by_detector", &self.hits_by_detector);
        out.push('}');
        out
    }

    pub fn add(&mut self, r: &Receipt) {
        self.calls += 1;
        let dropped = r.dropped.len() as u64;
        let whole = !r.kept && r.events == 0;
        self.events_seen += if whole { 1 } else { r.events as u64 };
        self.events_dropped += dropped;
        self.events_kept += (r.events as u64).saturating_sub(dropped);
        for d in &r.dropped {
            self.dropped_by_reason.bump(d.reason.as_str());
        }
        for c in &r.changes {
            self.changes_by_action.bump(c.action);
            if let Some(d) = &c.detector {
                self.hits_by_detector.bump(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_carry_personal_data() {
        // A local part may contain dots, so the whole dotted run before '@' goes.
        assert_eq!(safe_path("properties.jane@example.com"), "[key]");
        assert_eq!(safe_path("a[0].\"x jane@example.com\""), "a[0].\"x [key]\"");
        assert_eq!(
            safe_path("batch[0].properties.email"),
            "batch[0].properties.email"
        );
        assert_eq!(
            safe_path("h.\"https://a.example/p?token=T#x\"[0]"),
            "h.\"https://a.example/p?…\"[0]"
        );
    }
}
