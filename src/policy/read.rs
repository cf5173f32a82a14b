//! Reads a policy from the JSON tree into the schema types, strictly: an unknown field, a wrong
//! type or an unknown action is an error naming the JSON path and the enclosing rule.
//!
//! Hand-written rather than serde-derived: derive plus path tracking cost about a quarter of the
//! Wasm module for a file read once at load (README, "Dependencies").

use super::diagnostic::{codes, Diagnostic};
use super::schema::*;
use crate::json::{Json, Text};

type R<T> = Result<T, Diagnostic>;

fn shape(path: &str, rule: Option<&str>, message: String) -> Diagnostic {
    Diagnostic::new(codes::SHAPE, path, message).in_rule(rule)
}

fn type_name(v: &Json<'_>) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Num(_) => "a number",
        Json::Str(_) => "a string",
        Json::Arr(_) => "an array",
        Json::Obj(_) => "an object",
    }
}

/// One JSON object being read: tracks which fields were used so leftovers are errors.
struct Obj<'v, 'a> {
    members: &'v [(Text<'a>, Json<'a>)],
    used: Vec<bool>,
    path: String,
    rule: Option<String>,
}

impl<'v, 'a> Obj<'v, 'a> {
    fn new(v: &'v Json<'a>, path: &str, rule: Option<&str>) -> R<Self> {
        match v {
            Json::Obj(members) => {
                let mut seen: Vec<String> = Vec::new();
                for (k, _) in members {
                    let k = k.decoded().into_owned();
                    if seen.contains(&k) {
                        return Err(shape(
                            &join(path, &k),
                            rule,
                            format!("duplicate field `{k}`"),
                        ));
                    }
                    seen.push(k);
                }
                Ok(Obj {
                    members,
                    used: vec![false; members.len()],
                    path: path.to_owned(),
                    rule: rule.map(str::to_owned),
                })
            }
            other => Err(shape(
                path,
                rule,
                format!("expected an object, found {}", type_name(other)),
            )),
        }
    }

    fn err(&self, key: &str, message: String) -> Diagnostic {
        shape(&join(&self.path, key), self.rule.as_deref(), message)
    }

    fn get(&mut self, key: &str) -> Option<&'v Json<'a>> {
        let i = self.members.iter().position(|(k, _)| k.decoded() == key)?;
        self.used[i] = true;
        Some(&self.members[i].1)
    }

    fn string(&mut self, key: &str) -> R<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Str(t)) => Ok(Some(t.decoded().into_owned())),
            Some(other) => Err(self.err(
                key,
                format!("expected a string, found {}", type_name(other)),
            )),
        }
    }

    fn req_string(&mut self, key: &str) -> R<String> {
        self.string(key)?
            .ok_or_else(|| self.err(key, format!("missing field `{key}`")))
    }

    fn boolean(&mut self, key: &str, default: bool) -> R<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Json::Bool(b)) => Ok(*b),
            Some(other) => Err(self.err(
                key,
                format!("expected a boolean, found {}", type_name(other)),
            )),
        }
    }

    fn number(&mut self, key: &str) -> R<Option<f64>> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Num(n)) => crate::json::parse_number(n)
                .map(Some)
                .ok_or_else(|| self.err(key, "invalid number".into())),
            Some(other) => Err(self.err(
                key,
                format!("expected a number, found {}", type_name(other)),
            )),
        }
    }

    fn count(&mut self, key: &str) -> R<Option<usize>> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Num(n)) => n
                .parse::<usize>()
                .map(Some)
                .map_err(|_| self.err(key, format!("expected a non-negative integer, found {n}"))),
            Some(other) => Err(self.err(
                key,
                format!(
                    "expected a non-negative integer, found {}",
                    type_name(other)
                ),
            )),
        }
    }

    /// The elements of the array at `key`, each of which must be a string.
    fn string_items(&self, key: &str, items: &[Json<'_>]) -> R<Vec<String>> {
        let base = join(&self.path, key);
        items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Json::Str(t) => Ok(t.decoded().into_owned()),
                other => Err(shape(
                    &format!("{base}[{i}]"),
                    self.rule.as_deref(),
                    format!("expected a string, found {}", type_name(other)),
                )),
            })
            .collect()
    }

    fn strings(&mut self, key: &str) -> R<Option<Vec<String>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Arr(items)) => self.string_items(key, items).map(Some),
            Some(other) => Err(self.err(
                key,
                format!("expected an array of strings, found {}", type_name(other)),
            )),
        }
    }

    fn one_or_many(&mut self, key: &str) -> R<OneOrMany> {
        match self.get(key) {
            Some(Json::Str(t)) => Ok(OneOrMany::One(t.decoded().into_owned())),
            Some(Json::Arr(items)) => self.string_items(key, items).map(OneOrMany::Many),
            Some(other) => Err(self.err(
                key,
                format!(
                    "expected a string or an array of strings, found {}",
                    type_name(other)
                ),
            )),
            None => Err(self.err(key, format!("missing field `{key}`"))),
        }
    }

    /// Each element of an array field with its path.
    fn items(&mut self, key: &str) -> R<Vec<(String, &'v Json<'a>)>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Json::Arr(items)) => {
                let base = join(&self.path, key);
                Ok(items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{base}[{i}]"), v))
                    .collect())
            }
            Some(other) => Err(self.err(
                key,
                format!("expected an array, found {}", type_name(other)),
            )),
        }
    }

    fn child(&mut self, key: &str) -> Option<(String, &'v Json<'a>)> {
        let v = self.get(key)?;
        Some((join(&self.path, key), v))
    }

    /// Fails on any field that was not read.
    fn finish(self, expected: &[&str]) -> R<()> {
        for (i, (k, _)) in self.members.iter().enumerate() {
            if !self.used[i] {
                let k = k.decoded();
                return Err(self.err(
                    &k,
                    format!(
                        "unknown field `{k}`, expected one of: {}",
                        expected.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The `id` of an object, if it has a string one (for naming the rule in errors).
fn id_of(v: &Json<'_>) -> Option<String> {
    let Json::Obj(members) = v else { return None };
    members
        .iter()
        .find(|(k, _)| k.decoded() == "id")
        .and_then(|(_, v)| match v {
            Json::Str(t) => Some(t.decoded().into_owned()),
            _ => None,
        })
}

pub fn policy(root: &Json<'_>) -> R<Policy> {
    let mut o = Obj::new(root, "", None)?;
    let version = o.count("version")?.unwrap_or(0) as u32;
    let mut p = Policy {
        version,
        id: o.string("id")?,
        description: o.string("description")?,
        extends: o.string("extends")?,
        purposes: o.strings("purposes")?.unwrap_or_default(),
        event_name: o.strings("event_name")?,
        timestamp: o.strings("timestamp")?,
        batch: o.strings("batch")?,
        unlisted: match o.child("unlisted") {
            None => None,
            Some((path, v)) => Some(unlisted(v, &path, None)?),
        },
        unknown_consent: match o.string("unknown_consent")?.as_deref() {
            None => None,
            Some("deny") => Some(UnknownConsent::Deny),
            Some("hold") => Some(UnknownConsent::Hold),
            Some(other) => {
                return Err(o.err(
                    "unknown_consent",
                    format!("unknown value `{other}`, expected `deny` or `hold`"),
                ))
            }
        },
        replay: match o.string("replay")?.as_deref() {
            None => None,
            Some("block") => Some(Replay::Block),
            Some("redact") => Some(Replay::Redact),
            Some(other) => {
                return Err(o.err(
                    "replay",
                    format!("unknown value `{other}`, expected `block` or `redact`"),
                ))
            }
        },
        storage: o.strings("storage")?,
        ..Policy::default()
    };
    for (path, v) in o.items("subtrees")? {
        let rule = id_of(v);
        let mut s = Obj::new(v, &path, rule.as_deref())?;
        let (upath, uv) = s
            .child("unlisted")
            .ok_or_else(|| s.err("unlisted", "missing field `unlisted`".into()))?;
        p.subtrees.push(SubtreeRule {
            id: s.req_string("id")?,
            select: s.req_string("select")?,
            unlisted: unlisted(uv, &upath, rule.as_deref())?,
        });
        s.finish(&["id", "select", "unlisted"])?;
    }
    if let Some((path, v)) = o.child("scan") {
        p.scan = Some(scan(v, &path, None)?);
    }
    for (path, v) in o.items("patterns")? {
        let rule = id_of(v);
        let mut s = Obj::new(v, &path, rule.as_deref())?;
        p.patterns.push(Pattern {
            id: s.req_string("id")?,
            regex: s.req_string("regex")?,
        });
        s.finish(&["id", "regex"])?;
    }
    if let Some((path, v)) = o.child("consent_signals") {
        p.consent_signals = Some(consent_signals(v, &path)?);
    }
    if let Some((path, v)) = o.child("labels") {
        let mut l = Obj::new(v, &path, None)?;
        let purposes = l
            .strings("purposes")?
            .ok_or_else(|| l.err("purposes", "missing field `purposes`".into()))?;
        p.labels = Some(Labels {
            at: l.req_string("at")?,
            purposes,
        });
        l.finish(&["at", "purposes"])?;
    }
    if let Some((path, v)) = o.child("limits") {
        let mut s = Obj::new(v, &path, None)?;
        p.limits = Some(Limits {
            max_depth: s.count("max_depth")?,
            max_scan_bytes: s.count("max_scan_bytes")?,
            max_event_bytes: s.count("max_event_bytes")?,
            max_pattern_work: s.count("max_pattern_work")?,
        });
        s.finish(&[
            "max_depth",
            "max_scan_bytes",
            "max_event_bytes",
            "max_pattern_work",
        ])?;
    }
    for (path, v) in o.items("events")? {
        let rule = id_of(v);
        let mut s = Obj::new(v, &path, rule.as_deref())?;
        let id = s.req_string("id")?;
        let has = match s.get("has") {
            Some(_) => Some(s.one_or_many("has")?),
            None => None,
        };
        // With `has`, `match` may be left out: any name.
        let names = match (s.get("match"), &has) {
            (None, Some(_)) => OneOrMany::One("*".into()),
            _ => s.one_or_many("match")?,
        };
        p.events.push(EventRule {
            id,
            names,
            purposes: s
                .strings("purposes")?
                .ok_or_else(|| s.err("purposes", "missing field `purposes`".into()))?,
            replay: s.boolean("replay", false)?,
            has,
        });
        s.finish(&["id", "match", "has", "purposes", "replay"])?;
    }
    for (path, v) in o.items("rules")? {
        p.rules.push(field_rule(v, &path)?);
    }
    o.finish(&[
        "version",
        "id",
        "description",
        "extends",
        "purposes",
        "event_name",
        "timestamp",
        "batch",
        "unlisted",
        "unknown_consent",
        "replay",
        "storage",
        "labels",
        "consent_signals",
        "subtrees",
        "scan",
        "patterns",
        "limits",
        "events",
        "rules",
    ])?;
    Ok(p)
}

/// `{purpose: [items]}` with arbitrary purpose keys; `item` reads one element.
fn purpose_table<T>(
    v: &Json<'_>,
    path: &str,
    item: impl Fn(&Json<'_>, &str) -> R<T>,
) -> R<Vec<(String, Vec<T>)>> {
    let Json::Obj(members) = v else {
        return Err(shape(
            path,
            None,
            format!(
                "expected an object of purpose: list, found {}",
                type_name(v)
            ),
        ));
    };
    let mut out = Vec::new();
    for (k, list) in members {
        let key = k.decoded().into_owned();
        let at = join(path, &key);
        let Json::Arr(items) = list else {
            return Err(shape(
                &at,
                None,
                format!("expected an array, found {}", type_name(list)),
            ));
        };
        let values = items
            .iter()
            .enumerate()
            .map(|(i, x)| item(x, &format!("{at}[{i}]")))
            .collect::<R<Vec<T>>>()?;
        out.push((key, values));
    }
    Ok(out)
}

fn consent_signals(v: &Json<'_>, path: &str) -> R<ConsentSignals> {
    let mut o = Obj::new(v, path, None)?;
    let tcf_id = |x: &Json<'_>, at: &str| match x {
        Json::Num(n) => n
            .parse::<u16>()
            .ok()
            .filter(|id| (1..=24).contains(id))
            .ok_or_else(|| {
                Diagnostic::new(
                    codes::BAD_VALUE,
                    at,
                    format!("TCF purpose ids are 1 to 24, got {n}"),
                )
            }),
        other => Err(shape(
            at,
            None,
            format!("expected a TCF purpose id, found {}", type_name(other)),
        )),
    };
    let name = |x: &Json<'_>, at: &str| match x {
        Json::Str(t) => Ok(t.decoded().into_owned()),
        other => Err(shape(
            at,
            None,
            format!("expected a string, found {}", type_name(other)),
        )),
    };
    let out = ConsentSignals {
        tcf: o
            .child("tcf")
            .map(|(p, v)| purpose_table(v, &p, tcf_id))
            .transpose()?,
        tcf_requires_purpose_one: match o.get("tcf_requires_purpose_one") {
            None => None,
            Some(Json::Bool(b)) => Some(*b),
            Some(other) => {
                return Err(o.err(
                    "tcf_requires_purpose_one",
                    format!("expected a boolean, found {}", type_name(other)),
                ))
            }
        },
        gpc: o.strings("gpc")?,
        dnt: o.strings("dnt")?,
        opt_out: o.strings("opt_out")?,
        consent_mode: o
            .child("consent_mode")
            .map(|(p, v)| purpose_table(v, &p, name))
            .transpose()?,
        precedence: o.strings("precedence")?,
    };
    o.finish(&[
        "tcf",
        "tcf_requires_purpose_one",
        "gpc",
        "dnt",
        "opt_out",
        "consent_mode",
        "precedence",
    ])?;
    Ok(out)
}

fn unlisted(v: &Json<'_>, path: &str, rule: Option<&str>) -> R<Unlisted> {
    match v {
        Json::Str(t) if t.decoded() == "keep" => Ok(Unlisted::Keep),
        Json::Str(t) if t.decoded() == "drop" => Ok(Unlisted::Drop),
        Json::Str(t) => Err(shape(
            path,
            rule,
            format!("unknown value `{}`, expected `keep` or `drop`", t.decoded()),
        )),
        other => Err(shape(
            path,
            rule,
            format!("expected \"keep\" or \"drop\", found {}", type_name(other)),
        )),
    }
}

fn field_rule(v: &Json<'_>, path: &str) -> R<FieldRule> {
    let rule = id_of(v);
    let r = rule.as_deref();
    let mut o = Obj::new(v, path, r)?;
    let out = FieldRule {
        id: o.req_string("id")?,
        select: o.one_or_many("select")?,
        purposes: o.strings("purposes")?.unwrap_or_default(),
        granted: o
            .child("granted")
            .map(|(p, v)| action(v, &p, r))
            .transpose()?,
        denied: o
            .child("denied")
            .map(|(p, v)| action(v, &p, r))
            .transpose()?,
        scan: o.child("scan").map(|(p, v)| scan(v, &p, r)).transpose()?,
        keys: o.child("keys").map(|(p, v)| action(v, &p, r)).transpose()?,
    };
    o.finish(&[
        "id", "select", "purposes", "granted", "denied", "keys", "scan",
    ])?;
    Ok(out)
}

fn scan(v: &Json<'_>, path: &str, rule: Option<&str>) -> R<Scan> {
    let mut o = Obj::new(v, path, rule)?;
    let urls = match o.child("urls") {
        None => None,
        Some((p, v)) => {
            let mut u = Obj::new(v, &p, rule)?;
            let query = u.strings("query")?.unwrap_or_default();
            u.finish(&["query"])?;
            Some(UrlScan { query })
        }
    };
    let out = Scan {
        detectors: o.strings("detectors")?,
        action: o
            .child("action")
            .map(|(p, v)| action(v, &p, rule))
            .transpose()?,
        urls,
    };
    o.finish(&["detectors", "action", "urls"])?;
    Ok(out)
}

const ACTIONS: &str =
    "keep, drop, replace, mask, hash, truncate, url, ip, time, user_agent, bucket";

fn action(v: &Json<'_>, path: &str, rule: Option<&str>) -> R<Action> {
    let mut o = Obj::new(v, path, rule)?;
    let kind = o.req_string("type")?;
    let (action, fields): (Action, &[&str]) = match kind.as_str() {
        "keep" => (Action::Keep, &[]),
        "drop" => (Action::Drop, &[]),
        "replace" => (Action::Replace { token: o.string("with")?.unwrap_or_else(|| "[redacted]".into()) }, &["with"]),
        "mask" => {
            let mask_char = match o.string("char")? {
                None => '*',
                Some(s) if s.chars().count() == 1 => s.chars().next().unwrap_or('*'),
                Some(_) => return Err(o.err("char", "expected a single character".into())),
            };
            (
                Action::Mask {
                    keep_last: o.count("keep_last")?.unwrap_or(4),
                    mask_char,
                    preserve_length: o.boolean("preserve_length", false)?,
                },
                &["keep_last", "char", "preserve_length"],
            )
        }
        "hash" => (
            Action::Hash {
                normalize: match o.string("normalize")?.as_deref() {
                    None | Some("none") => Normalize::None,
                    Some("trim") => Normalize::Trim,
                    Some("lower") => Normalize::Lower,
                    Some("email") => Normalize::Email,
                    Some("digits") => Normalize::Digits,
                    Some(other) => {
                        return Err(o.err("normalize", format!("unknown normalization `{other}`, expected one of: none, trim, lower, email, digits")))
                    }
                },
                length: o.count("length")?.unwrap_or(16),
                prefix: o.string("prefix")?.unwrap_or_else(|| "h:".into()),
                rotate: match o.string("rotate")?.as_deref() {
                    None | Some("none") => Rotate::None,
                    Some("day") => Rotate::Day,
                    Some("week") => Rotate::Week,
                    Some("month") => Rotate::Month,
                    Some(other) => return Err(o.err("rotate", format!("unknown rotation `{other}`, expected one of: none, day, week, month"))),
                },
            },
            &["normalize", "length", "prefix", "rotate"],
        ),
        "truncate" => (
            Action::Truncate { max: o.count("max")?.ok_or_else(|| o.err("max", "missing field `max`".into()))? },
            &["max"],
        ),
        "url" => (
            Action::Url {
                query: o.strings("query")?.unwrap_or_default(),
                keep_fragment: o.boolean("keep_fragment", false)?,
                template_ids: o.boolean("template_ids", true)?,
                scan: o.boolean("scan", true)?,
                origin_only: o.boolean("origin_only", false)?,
                embedded: o.boolean("embedded", false)?,
            },
            &["query", "keep_fragment", "template_ids", "scan", "origin_only", "embedded"],
        ),
        "ip" => {
            let prefix = |o: &mut Obj<'_, '_>, k: &str, d: u8| -> R<u8> {
                match o.count(k)? {
                    None => Ok(d),
                    Some(n) => u8::try_from(n).map_err(|_| o.err(k, "prefix out of range".into())),
                }
            };
            let v4 = prefix(&mut o, "v4_prefix", 24)?;
            let v6 = prefix(&mut o, "v6_prefix", 48)?;
            (Action::Ip { v4_prefix: v4, v6_prefix: v6 }, &["v4_prefix", "v6_prefix"])
        }
        "time" => {
            let unit = match o.req_string("unit")?.as_str() {
                "minute" => TimeUnit::Minute,
                "hour" => TimeUnit::Hour,
                "day" => TimeUnit::Day,
                other => return Err(o.err("unit", format!("unknown unit `{other}`, expected one of: minute, hour, day"))),
            };
            (Action::Time { unit }, &["unit"])
        }
        "user_agent" => (Action::UserAgent, &[]),
        "bucket" => {
            let size = o.number("size")?;
            let bounds = match o.child("bounds") {
                None => None,
                Some((p, Json::Arr(items))) => Some(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| match v {
                            Json::Num(n) => crate::json::parse_number(n).ok_or_else(|| shape(&format!("{p}[{i}]"), rule, "invalid number".into())),
                            other => Err(shape(&format!("{p}[{i}]"), rule, format!("expected a number, found {}", type_name(other)))),
                        })
                        .collect::<R<Vec<f64>>>()?,
                ),
                Some((p, other)) => return Err(shape(&p, rule, format!("expected an array of numbers, found {}", type_name(other)))),
            };
            (Action::Bucket { size, bounds }, &["size", "bounds"])
        }
        other => return Err(o.err("type", format!("unknown action `{other}`, expected one of: {ACTIONS}"))),
    };
    let mut expected = vec!["type"];
    expected.extend_from_slice(fields);
    o.finish(&expected)?;
    Ok(action)
}
