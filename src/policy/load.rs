//! The one load path: text -> JSON -> strict schema -> preset merge -> checks -> compiled policy.
//! `validatePolicy` and `createGuard` both come through here.

use super::compile::{compile, CompiledPolicy};
use super::diagnostic::{codes, Diagnostic};
use super::presets;
use super::read;
use super::schema::Policy;
use super::validate::{check, Context};
use crate::consent::Purposes;
use crate::json::{self, Json};

/// Parses, checks and compiles a policy. `has_key` says whether the guard has a hash key.
pub fn load(text: &str, has_key: bool) -> Result<CompiledPolicy, Vec<Diagnostic>> {
    let policy = parse(text)?;
    resolve(policy, has_key)
}

/// Checks a policy without keeping it: every diagnostic, or none.
pub fn validate(text: &str, has_key: bool) -> Vec<Diagnostic> {
    load(text, has_key).err().unwrap_or_default()
}

/// The schema step alone: syntax, version and shape.
pub fn parse(text: &str) -> Result<Policy, Vec<Diagnostic>> {
    let root = json::parse(text, 64).map_err(|e| {
        vec![Diagnostic::new(
            codes::SYNTAX,
            "",
            format!("policy is not valid JSON: {e}"),
        )]
    })?;
    let Json::Obj(members) = &root else {
        return Err(vec![Diagnostic::new(
            codes::SHAPE,
            "",
            "policy must be a JSON object",
        )]);
    };
    match members
        .iter()
        .find(|(k, _)| k.decoded() == "version")
        .map(|(_, v)| v)
    {
        Some(Json::Num(n)) if n == "1" => {}
        Some(v) => {
            return Err(vec![Diagnostic::new(
                codes::VERSION,
                "version",
                format!(
                    "unsupported policy version {}; this build reads version 1",
                    json::to_string(v)
                ),
            )])
        }
        None => {
            return Err(vec![Diagnostic::new(
                codes::VERSION,
                "version",
                "missing \"version\": 1",
            )])
        }
    }
    read::policy(&root).map_err(|d| vec![d])
}

/// Merges the extended preset (if any), checks everything, compiles.
pub fn resolve(policy: Policy, has_key: bool) -> Result<CompiledPolicy, Vec<Diagnostic>> {
    let base = match &policy.extends {
        None => None,
        // Presets are checked by tests, so a preset that does not parse is a bug.
        Some(name) => match presets::preset_text(name).and_then(|t| parse(t).ok()) {
            Some(base) => Some(base),
            None => {
                return Err(vec![Diagnostic::new(
                    codes::UNKNOWN_PRESET,
                    "extends",
                    format!(
                        "unknown preset \"{name}\"; known: {}",
                        presets::NAMES.join(", ")
                    ),
                )])
            }
        },
    };
    let mut purposes = Purposes::default();
    let mut pattern_ids = Vec::new();
    for p in base.iter().chain([&policy]) {
        for name in &p.purposes {
            purposes.declare(name);
        }
        pattern_ids.extend(p.patterns.iter().map(|p| p.id.clone()));
    }
    let mut diagnostics = Vec::new();
    let cx = Context {
        purposes: &purposes,
        pattern_ids: &pattern_ids,
        has_key,
    };
    // The extended preset is built in and checked by the test suite (presets.rs,
    // tests/policy_errors.rs); checking it again at every load only costs start-up time.
    check(&policy, &cx, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let merged = match base {
        Some(base) => merge(base, policy),
        None => policy,
    };
    compile(&merged, purposes).map_err(|d| vec![d])
}

/// `over` on top of `base`: settings override, lists append, and a rule whose id matches a base
/// rule replaces it in place.
fn merge(base: Policy, over: Policy) -> Policy {
    fn by_id<T: Clone>(base: Vec<T>, over: Vec<T>, id: impl Fn(&T) -> &str) -> Vec<T> {
        let mut out = base;
        for item in over {
            match out.iter().position(|b| id(b) == id(&item)) {
                Some(i) => out[i] = item,
                None => out.push(item),
            }
        }
        out
    }
    let scan = match (base.scan, over.scan) {
        (Some(b), Some(o)) => Some(super::schema::Scan {
            detectors: o.detectors.or(b.detectors),
            action: o.action.or(b.action),
            urls: o.urls.or(b.urls),
        }),
        (b, o) => o.or(b),
    };
    let limits = match (base.limits, over.limits) {
        (Some(b), Some(o)) => Some(super::schema::Limits {
            max_depth: o.max_depth.or(b.max_depth),
            max_scan_bytes: o.max_scan_bytes.or(b.max_scan_bytes),
            max_event_bytes: o.max_event_bytes.or(b.max_event_bytes),
            max_pattern_work: o.max_pattern_work.or(b.max_pattern_work),
        }),
        (b, o) => o.or(b),
    };
    let mut purposes = base.purposes;
    for p in over.purposes {
        if !purposes.contains(&p) {
            purposes.push(p);
        }
    }
    Policy {
        version: 1,
        id: over.id.or(base.id),
        description: over.description.or(base.description),
        extends: None,
        purposes,
        event_name: over.event_name.or(base.event_name),
        timestamp: over.timestamp.or(base.timestamp),
        batch: over.batch.or(base.batch),
        unlisted: over.unlisted.or(base.unlisted),
        unknown_consent: over.unknown_consent.or(base.unknown_consent),
        replay: over.replay.or(base.replay),
        storage: over.storage.or(base.storage),
        labels: over.labels.or(base.labels),
        consent_signals: over.consent_signals.or(base.consent_signals),
        subtrees: by_id(base.subtrees, over.subtrees, |r| &r.id),
        scan,
        patterns: by_id(base.patterns, over.patterns, |p| &p.id),
        limits,
        events: by_id(base.events, over.events, |r| &r.id),
        rules: by_id(base.rules, over.rules, |r| &r.id),
    }
}
