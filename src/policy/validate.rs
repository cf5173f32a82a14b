//! Semantic checks on a parsed policy, collecting every problem rather than stopping at one.

use super::diagnostic::{codes, Diagnostic};
use super::schema::{Action, FieldRule, Policy, Scan};
use crate::consent::{Purposes, BUILTIN_PURPOSES};
use crate::detect::Detector;
use crate::select::Selector;

/// Hard caps on what a policy may ask for: user input must not buy unbounded work.
pub const MAX_DEPTH_CAP: usize = 512;
pub const MAX_EVENT_BYTES_CAP: usize = 64 << 20;
pub const MAX_PATTERN_LEN: usize = 1000;
/// The largest compiled user pattern (regex-lite's own size accounting, in bytes). Matching
/// costs up to ~1.5 ns per text byte per unit of this in Wasm, so the cap keeps even one
/// short string cheap; `(?:a{1,30}){1,30}b`, which took 3.5 s on 90 KB natively, is refused.
pub const MAX_PATTERN_SIZE: usize = 32 << 10;
pub const MAX_PATTERN_WORK_CAP: usize = 1 << 30;

pub struct Context<'a> {
    /// Purposes known from the extended preset and this policy.
    pub purposes: &'a Purposes,
    /// Pattern ids from the extended preset and this policy.
    pub pattern_ids: &'a Vec<String>,
    pub has_key: bool,
}

pub fn check(policy: &Policy, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (i, p) in policy.purposes.iter().enumerate() {
        if !crate::consent::purpose_name_ok(p) {
            out.push(Diagnostic::new(
                codes::BAD_PURPOSE,
                format!("purposes[{i}]"),
                format!("purpose \"{p}\" must be lower-case letters, digits and '_'"),
            ));
        } else if BUILTIN_PURPOSES.contains(&p.as_str()) {
            out.push(Diagnostic::new(
                codes::BAD_PURPOSE,
                format!("purposes[{i}]"),
                format!("purpose \"{p}\" is built in and need not be declared"),
            ));
        }
    }
    for (field, list) in [
        ("event_name", &policy.event_name),
        ("timestamp", &policy.timestamp),
        ("batch", &policy.batch),
    ] {
        for (i, s) in list.iter().flatten().enumerate() {
            selector(s, &format!("{field}[{i}]"), None, out);
        }
    }
    for (i, p) in policy.storage.iter().flatten().enumerate() {
        if cx.purposes.index(p).is_none() {
            out.push(Diagnostic::new(
                codes::UNKNOWN_PURPOSE,
                format!("storage[{i}]"),
                format!("unknown purpose \"{p}\""),
            ));
        }
    }
    if let Some(cs) = &policy.consent_signals {
        let mut known = |p: &str, path: String| {
            if cx.purposes.index(p).is_none() {
                out.push(Diagnostic::new(
                    codes::UNKNOWN_PURPOSE,
                    path,
                    format!("unknown purpose \"{p}\""),
                ));
            }
        };
        for (p, _) in cs.tcf.iter().flatten() {
            known(p, format!("consent_signals.tcf.{p}"));
        }
        for (p, _) in cs.consent_mode.iter().flatten() {
            known(p, format!("consent_signals.consent_mode.{p}"));
        }
        for (field, list) in [("gpc", &cs.gpc), ("dnt", &cs.dnt), ("opt_out", &cs.opt_out)] {
            for (i, p) in list.iter().flatten().enumerate() {
                known(p, format!("consent_signals.{field}[{i}]"));
            }
        }
        for (p, types) in cs.consent_mode.iter().flatten() {
            for (i, t) in types.iter().enumerate() {
                if !crate::consent::signals::consent_mode::TYPES.contains(&t.as_str()) {
                    out.push(Diagnostic::new(
                        codes::BAD_VALUE,
                        format!("consent_signals.consent_mode.{p}[{i}]"),
                        format!("unknown Consent Mode type \"{t}\""),
                    ));
                }
            }
        }
        for (i, s) in cs.precedence.iter().flatten().enumerate() {
            if !crate::consent::signals::SOURCES.contains(&s.as_str()) {
                out.push(Diagnostic::new(
                    codes::BAD_VALUE,
                    format!("consent_signals.precedence[{i}]"),
                    format!(
                        "unknown signal source \"{s}\"; known: {}",
                        crate::consent::signals::SOURCES.join(", ")
                    ),
                ));
            }
        }
    }
    if let Some(labels) = &policy.labels {
        match labels.at.parse::<Selector>() {
            Ok(sel)
                if sel
                    .segments()
                    .iter()
                    .all(|s| matches!(s, crate::select::Segment::Key(_))) => {}
            Ok(_) => out.push(Diagnostic::new(
                codes::BAD_SELECTOR,
                "labels.at",
                "labels.at must be a plain key path such as properties.$data_use",
            )),
            Err(e) => out.push(Diagnostic::new(
                codes::BAD_SELECTOR,
                "labels.at",
                format!("bad selector \"{}\": {e}", labels.at),
            )),
        }
        for (i, p) in labels.purposes.iter().enumerate() {
            if cx.purposes.index(p).is_none() {
                out.push(Diagnostic::new(
                    codes::UNKNOWN_PURPOSE,
                    format!("labels.purposes[{i}]"),
                    format!("unknown purpose \"{p}\""),
                ));
            }
        }
    }
    let mut ids = Vec::new();
    for (i, rule) in policy.subtrees.iter().enumerate() {
        let path = format!("subtrees[{i}]");
        unique_id(&rule.id, &path, "subtree", &mut ids, out);
        selector(&rule.select, &format!("{path}.select"), Some(&rule.id), out);
    }
    if let Some(scan) = &policy.scan {
        check_scan(scan, "scan", None, cx, out);
    }
    let mut pattern_ids = Vec::new();
    for (i, p) in policy.patterns.iter().enumerate() {
        let path = format!("patterns[{i}]");
        unique_id(&p.id, &path, "pattern", &mut pattern_ids, out);
        if Detector::from_name(&p.id).is_some() || Detector::group(&p.id).is_some() {
            out.push(
                Diagnostic::new(
                    codes::DUPLICATE_ID,
                    format!("{path}.id"),
                    "pattern id is a built-in detector name",
                )
                .in_rule(Some(&p.id)),
            );
        }
        if let Err(message) = compile_pattern(&p.regex) {
            out.push(
                Diagnostic::new(codes::BAD_PATTERN, format!("{path}.regex"), message)
                    .in_rule(Some(&p.id)),
            );
        }
    }
    if let Some(limits) = &policy.limits {
        let bad = |v: Option<usize>, lo: usize, hi: usize| v.is_some_and(|v| v < lo || v > hi);
        if bad(limits.max_depth, 1, MAX_DEPTH_CAP) {
            out.push(Diagnostic::new(
                codes::BAD_VALUE,
                "limits.max_depth",
                format!("max_depth must be 1 to {MAX_DEPTH_CAP}"),
            ));
        }
        if bad(limits.max_event_bytes, 1, MAX_EVENT_BYTES_CAP) {
            out.push(Diagnostic::new(
                codes::BAD_VALUE,
                "limits.max_event_bytes",
                format!("max_event_bytes must be 1 to {MAX_EVENT_BYTES_CAP}"),
            ));
        }
        if bad(limits.max_scan_bytes, 1, MAX_EVENT_BYTES_CAP) {
            out.push(Diagnostic::new(
                codes::BAD_VALUE,
                "limits.max_scan_bytes",
                format!("max_scan_bytes must be 1 to {MAX_EVENT_BYTES_CAP}"),
            ));
        }
        if bad(limits.max_pattern_work, 1, MAX_PATTERN_WORK_CAP) {
            out.push(Diagnostic::new(
                codes::BAD_VALUE,
                "limits.max_pattern_work",
                format!("max_pattern_work must be 1 to {MAX_PATTERN_WORK_CAP}"),
            ));
        }
    }
    let mut ids = Vec::new();
    for (i, rule) in policy.events.iter().enumerate() {
        let path = format!("events[{i}]");
        unique_id(&rule.id, &path, "event rule", &mut ids, out);
        if rule.names.as_slice().is_empty() || rule.names.as_slice().iter().any(String::is_empty) {
            out.push(
                Diagnostic::new(
                    codes::BAD_VALUE,
                    format!("{path}.match"),
                    "match needs at least one non-empty name",
                )
                .in_rule(Some(&rule.id)),
            );
        }
        for (i, sel) in rule.has.iter().flat_map(|h| h.as_slice()).enumerate() {
            if let Err(e) = sel.parse::<crate::select::Selector>() {
                out.push(
                    Diagnostic::new(
                        codes::BAD_SELECTOR,
                        format!("{path}.has[{i}]"),
                        e.to_string(),
                    )
                    .in_rule(Some(&rule.id)),
                );
            }
        }
        purposes(
            &rule.purposes,
            &format!("{path}.purposes"),
            &rule.id,
            cx,
            out,
        );
    }
    let mut ids = Vec::new();
    for (i, rule) in policy.rules.iter().enumerate() {
        check_rule(rule, &format!("rules[{i}]"), &mut ids, cx, out);
    }
}

fn check_rule(
    rule: &FieldRule,
    path: &str,
    ids: &mut Vec<String>,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let id = Some(rule.id.as_str());
    unique_id(&rule.id, path, "rule", ids, out);
    let selectors = rule.select.as_slice();
    if selectors.is_empty() {
        out.push(
            Diagnostic::new(
                codes::BAD_SELECTOR,
                format!("{path}.select"),
                "select needs at least one selector",
            )
            .in_rule(id),
        );
    }
    for (j, s) in selectors.iter().enumerate() {
        let p = match &rule.select {
            super::schema::OneOrMany::One(_) => format!("{path}.select"),
            super::schema::OneOrMany::Many(_) => format!("{path}.select[{j}]"),
        };
        selector(s, &p, id, out);
    }
    purposes(
        &rule.purposes,
        &format!("{path}.purposes"),
        &rule.id,
        cx,
        out,
    );
    for (field, action) in [
        ("granted", &rule.granted),
        ("denied", &rule.denied),
        ("keys", &rule.keys),
    ] {
        if let Some(action) = action {
            check_action(action, &format!("{path}.{field}"), id, cx, out);
        }
    }
    if let Some(scan) = &rule.scan {
        check_scan(scan, &format!("{path}.scan"), id, cx, out);
    }
}

fn check_scan(
    scan: &Scan,
    path: &str,
    rule: Option<&str>,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for (i, name) in scan.detectors.iter().flatten().enumerate() {
        let known = Detector::from_name(name).is_some()
            || Detector::group(name).is_some()
            || cx.pattern_ids.iter().any(|p| p == name);
        if !known {
            out.push(
                Diagnostic::new(
                    codes::UNKNOWN_DETECTOR,
                    format!("{path}.detectors[{i}]"),
                    format!("unknown detector \"{name}\""),
                )
                .in_rule(rule),
            );
        }
    }
    if let Some(action) = &scan.action {
        let apath = format!("{path}.action");
        match action {
            Action::Replace { .. } | Action::Mask { .. } | Action::Hash { .. } | Action::Drop => {
                check_action(action, &apath, rule, cx, out)
            }
            other => out.push(
                Diagnostic::new(
                    codes::BAD_VALUE,
                    apath,
                    format!(
                        "\"{}\" cannot act on a detected span; use replace, mask, hash or drop",
                        other.name()
                    ),
                )
                .in_rule(rule),
            ),
        }
    }
}

fn check_action(
    action: &Action,
    path: &str,
    rule: Option<&str>,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if matches!(action, Action::Hash { .. }) && !cx.has_key {
        out.push(
            Diagnostic::new(
                codes::HASH_WITHOUT_KEY,
                path,
                "hash action needs a key; pass `key` to createGuard",
            )
            .in_rule(rule),
        );
    }
    if let Some(message) = action_problem(action) {
        out.push(Diagnostic::new(codes::BAD_VALUE, path, message).in_rule(rule));
    }
}

fn action_problem(action: &Action) -> Option<&'static str> {
    match action {
        Action::Hash { length, .. } if !(8..=64).contains(length) => {
            Some("hash length must be 8 to 64 hex characters")
        }
        Action::Hash { prefix, .. } if prefix.len() > 16 => {
            Some("hash prefix must be at most 16 characters")
        }
        Action::Mask { keep_last, .. } if *keep_last > 64 => {
            Some("mask keep_last must be at most 64")
        }
        Action::Truncate { max } if *max == 0 => Some("truncate max must be at least 1"),
        Action::Ip {
            v4_prefix,
            v6_prefix,
        } if *v4_prefix > 32 || *v6_prefix > 128 => {
            Some("ip prefixes must be at most 32 (v4) and 128 (v6)")
        }
        Action::Bucket { size, bounds } => match (size, bounds) {
            (Some(s), None) if s.is_finite() && *s > 0.0 => None,
            (None, Some(b))
                if !b.is_empty()
                    && b.windows(2).all(|w| w[0] < w[1])
                    && b.iter().all(|x| x.is_finite()) =>
            {
                None
            }
            _ => Some("bucket needs either a positive size or non-empty ascending bounds"),
        },
        Action::Url { query, .. } if query.iter().any(String::is_empty) => {
            Some("url query globs must not be empty")
        }
        Action::Replace { token } if token.len() > 256 => {
            Some("replacement must be at most 256 bytes")
        }
        _ => None,
    }
}

fn selector(s: &str, path: &str, rule: Option<&str>, out: &mut Vec<Diagnostic>) {
    if let Err(e) = s.parse::<Selector>() {
        out.push(
            Diagnostic::new(
                codes::BAD_SELECTOR,
                path,
                format!("bad selector \"{s}\": {e}"),
            )
            .in_rule(rule),
        );
    }
}

fn purposes(list: &[String], path: &str, rule: &str, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (i, p) in list.iter().enumerate() {
        if cx.purposes.index(p).is_none() {
            out.push(
                Diagnostic::new(
                    codes::UNKNOWN_PURPOSE,
                    format!("{path}[{i}]"),
                    format!("unknown purpose \"{p}\""),
                )
                .in_rule(Some(rule)),
            );
        }
    }
}

fn unique_id(id: &str, path: &str, what: &str, seen: &mut Vec<String>, out: &mut Vec<Diagnostic>) {
    if id.is_empty() {
        out.push(Diagnostic::new(
            codes::BAD_VALUE,
            format!("{path}.id"),
            format!("{what} id must not be empty"),
        ));
    } else if seen.iter().any(|s| s == id) {
        out.push(
            Diagnostic::new(
                codes::DUPLICATE_ID,
                format!("{path}.id"),
                format!("{what} id \"{id}\" is used twice"),
            )
            .in_rule(Some(id)),
        );
    } else {
        seen.push(id.to_owned());
    }
}

/// Compiles a user pattern under size caps; user patterns are untrusted input.
pub fn compile_pattern(source: &str) -> Result<regex_lite::Regex, String> {
    if source.len() > MAX_PATTERN_LEN {
        return Err(format!("pattern longer than {MAX_PATTERN_LEN} bytes"));
    }
    let build = |limit: usize| {
        regex_lite::RegexBuilder::new(source)
            .size_limit(limit)
            .nest_limit(32)
            .build()
    };
    let re = build(MAX_PATTERN_SIZE).map_err(|e| {
        let why = e.to_string();
        if why.contains("size limit") || why.contains("too big") {
            format!("pattern compiles to more than {MAX_PATTERN_SIZE} bytes; it would be too slow on long strings")
        } else {
            format!("bad pattern: {}", why.lines().last().unwrap_or("invalid"))
        }
    })?;
    if re.is_match("") {
        return Err("pattern matches the empty string".into());
    }
    Ok(re)
}

/// The compiled size of a pattern that [`compile_pattern`] accepted, found by asking regex-lite
/// for the smallest size limit it compiles under (a dozen builds, once, at load). The engine
/// charges each scanned byte this much against `max_pattern_work`.
pub fn pattern_size(source: &str) -> usize {
    let (mut lo, mut hi) = (1, MAX_PATTERN_SIZE);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let fits = regex_lite::RegexBuilder::new(source)
            .size_limit(mid)
            .nest_limit(32)
            .build()
            .is_ok();
        if fits {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}
