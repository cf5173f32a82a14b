//! Consent signals a page already has, decoded and normalized into one consent state.
//!
//! Each source yields decisions for some purposes under the mapping below; the sources are then
//! combined. By default any source's denial wins over another's grant; an app can instead give
//! an order of sources, where the first source with a decision for a purpose decides it.
//!
//! Every input fails safe, source by source:
//! - A source that is malformed keeps the denials it could still read (an earlier Consent Mode
//!   command, another GPP section, a USP opt-out before a bad character, the TCF purposes before
//!   a corrupt vendor segment, the app's valid `false` values) and reports its first error with
//!   its position. None of its grants count: each purpose it governs and did not deny becomes
//!   `unknown` in that source, and an `unknown` from a source blocks other sources' grants
//!   (any denial still wins over it). Under a precedence order, it decides `unknown` where it
//!   comes first. So a signal that cannot be read never lets a grant stand for what it governs.
//! - A mistyped value is that source's error, never the whole evaluation's. GPC and DNT are
//!   opt-outs: only clearly-off values read as off; anything unrecognized reads as on.
//! - Unknown keys and a bad `precedence` are the caller's errors: the evaluation refuses them.
//!
//! Default mapping (also in the README):
//! - TCF: purposes 7-9 -> analytics, 2-4 -> marketing, 5-6 -> personalization, 10 ->
//!   ai_training. Each needs purpose 1 (device access) and every listed purpose consented;
//!   otherwise it is denied. Legitimate interest alone does not grant.
//! - USP: opted out of sale -> sale_sharing and marketing denied.
//! - GPP: `tcfeuv2` as TCF; `usnat`/`usca` sale, sharing or targeted-advertising opt-out ->
//!   sale_sharing and marketing denied; their GPC subsection set -> as GPC.
//! - GPC: -> sale_sharing, marketing and ai_training denied. DNT: -> sale_sharing and marketing
//!   denied.
//! - Consent Mode: analytics_storage -> analytics; ad_storage, ad_user_data and
//!   ad_personalization -> marketing (granted only if all that are set are granted);
//!   functionality_storage -> functional; personalization_storage -> personalization. Regions:
//!   see [`consent_mode`].
//! - app: `{purpose: decision}` as given.

mod bits;
pub mod consent_mode;
pub mod gpc;
pub mod gpp;
mod mapping;
pub mod tcf;
pub mod usp;

pub use bits::DecodeError;
pub use mapping::Mapping;

use super::{Decision, Purposes};
use crate::json::{push_string, Json};
use std::borrow::Cow;

/// The signals present in a page (or a request). Absent ones are `None`.
#[derive(Default)]
pub struct Signals<'a> {
    pub gpc: Option<bool>,
    pub dnt: Option<bool>,
    pub tcf: Option<Cow<'a, str>>,
    pub usp: Option<Cow<'a, str>>,
    /// The `dataLayer` array (anything else is that source's error).
    pub consent_mode: Option<&'a Json<'a>>,
    /// The app's own `{purpose: decision}` (anything else is that source's error).
    pub app: Option<&'a Json<'a>>,
    /// An IAB GPP string (`tcfeuv2`, `usnat` and `usca` sections are decoded).
    pub gpp: Option<Cow<'a, str>>,
    /// Source names in order of precedence; `None` means any denial wins.
    pub precedence: Option<Vec<String>>,
    /// Problems met while reading each source's value (mistyped, unrecognized, repeated).
    pub input_errors: Vec<(&'static str, String)>,
}

/// Signals as JSON text in, `{consent, sources}` JSON out, for `purposes` under `map`.
pub fn evaluate_json(purposes: &Purposes, map: &Mapping, input: &str) -> Result<String, String> {
    let json = crate::json::parse(input, 16).map_err(|e| e.to_string())?;
    let s = from_json(&json)?;
    Ok(normalize(purposes, map, &s).to_json(purposes))
}

/// The source a signals key feeds.
fn source_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "gpc" => "gpc",
        "dnt" => "dnt",
        "tcf" => "tcf",
        "usp" => "usp",
        "gpp" => "gpp",
        "consentMode" => "consent_mode",
        "app" => "app",
        _ => return None,
    })
}

/// Reads `{gpc, dnt, tcf, gpp, usp, consentMode, app, precedence}` (each optional) from JSON.
/// A mistyped value is recorded as that source's error; only a non-object, an unknown key or a
/// bad `precedence` is an error for the whole input.
pub fn from_json<'a>(input: &'a Json<'a>) -> Result<Signals<'a>, String> {
    let Json::Obj(members) = input else {
        return Err("signals must be an object".into());
    };
    let mut s = Signals::default();
    for (k, v) in members {
        let key = k.decoded();
        if key == "precedence" {
            s.precedence = match v {
                Json::Null => None,
                Json::Arr(items) => {
                    let mut order = Vec::new();
                    for item in items {
                        match item {
                            Json::Str(t) if SOURCES.contains(&t.decoded().as_ref()) => {
                                order.push(t.decoded().into_owned())
                            }
                            _ => {
                                return Err(format!(
                                    "precedence lists sources: {}",
                                    SOURCES.join(", ")
                                ))
                            }
                        }
                    }
                    Some(order)
                }
                _ => return Err("precedence must be an array of source names".into()),
            };
            continue;
        }
        let Some(source) = source_of(&key) else {
            return Err(format!(
                "unknown signal `{key}`; expected gpc, dnt, tcf, gpp, usp, consentMode, app, precedence"
            ));
        };
        if let Json::Null = v {
            continue;
        }
        let mut text = |slot: &mut Option<Cow<'a, str>>| match v {
            Json::Str(t) => *slot = Some(t.decoded()),
            other => {
                *slot = None;
                s.input_errors.push((source, not_a_string(&key, other)));
            }
        };
        match source {
            "tcf" => text(&mut s.tcf),
            "usp" => text(&mut s.usp),
            "gpp" => text(&mut s.gpp),
            "gpc" | "dnt" => {
                let f = gpc::from_json(v);
                if let Some(e) = f.error {
                    s.input_errors.push((source, format!("{key}: {e}")));
                }
                if source == "gpc" {
                    s.gpc = Some(f.on);
                } else {
                    s.dnt = Some(f.on);
                }
            }
            "consent_mode" => s.consent_mode = Some(v),
            _ => s.app = Some(v),
        }
    }
    Ok(s)
}

/// The error for a consent string that is not a string. A CMP failure is passed as
/// `{"error": "..."}` by the page glue, and its message is kept.
fn not_a_string(key: &str, v: &Json<'_>) -> String {
    match v.get("error") {
        Some(Json::Str(m)) => format!("{key}: {}", m.decoded()),
        _ => format!(
            "{key} must be a string, got {}",
            match v {
                Json::Bool(_) => "a boolean",
                Json::Num(_) => "a number",
                Json::Arr(_) => "an array",
                Json::Obj(_) => "an object",
                _ => "null",
            }
        ),
    }
}

/// What one source said.
pub struct SourceReport {
    pub name: &'static str,
    /// Per purpose: granted, denied, or `Unknown` when the source governs the purpose but
    /// could not be read (which blocks other sources' grants).
    pub decisions: Vec<(usize, Decision)>,
    /// Decoded detail as JSON, when the source has any.
    pub detail: Option<String>,
    pub error: Option<DecodeError>,
}

pub struct Normalized {
    /// Per purpose index: the combined decision.
    pub decisions: Vec<Decision>,
    pub sources: Vec<SourceReport>,
}

pub const SOURCES: [&str; 7] = ["app", "tcf", "gpp", "usp", "gpc", "dnt", "consent_mode"];

fn report(name: &'static str) -> SourceReport {
    SourceReport {
        name,
        decisions: Vec::new(),
        detail: None,
        error: None,
    }
}

fn rank(d: Decision) -> u8 {
    match d {
        Decision::Granted => 0,
        Decision::Unknown => 1,
        Decision::Denied => 2,
    }
}

/// Records a source's decision; within one source a denial overrides everything and an
/// unreadable (`Unknown`) overrides a grant.
fn decide(r: &mut SourceReport, purposes: &Purposes, purpose: &str, d: Decision) {
    let Some(i) = purposes.index(purpose) else {
        return;
    };
    match r.decisions.iter_mut().find(|(p, _)| *p == i) {
        Some((_, existing)) if rank(d) > rank(*existing) => *existing = d,
        Some(_) => {}
        None => r.decisions.push((i, d)),
    }
}

/// Makes a source that could not be fully read fail safe: its grants become `unknown`, and so
/// does every purpose in `governed` that it did not deny.
fn fail<'m>(
    r: &mut SourceReport,
    purposes: &Purposes,
    error: DecodeError,
    governed: impl IntoIterator<Item = &'m str>,
) {
    for (_, d) in r.decisions.iter_mut() {
        if *d == Decision::Granted {
            *d = Decision::Unknown;
        }
    }
    for p in governed {
        decide(r, purposes, p, Decision::Unknown);
    }
    r.error.get_or_insert(error);
}

fn input_error(message: &str) -> DecodeError {
    DecodeError {
        segment: 0,
        bit: 0,
        message: message.to_owned(),
    }
}

/// TCF purposes -> our purposes (used for TC strings and GPP's tcfeuv2 section).
fn tcf_decisions(r: &mut SourceReport, purposes: &Purposes, map: &Mapping, tc: &tcf::TcString) {
    let device_access = !map.tcf_requires_purpose_one || tc.purpose_consents.contains(&1);
    for (purpose, ids) in &map.tcf {
        let all = ids.iter().all(|id| tc.purpose_consents.contains(id));
        decide(r, purposes, purpose, from_bool(device_access && all));
    }
}

fn us_decisions(r: &mut SourceReport, purposes: &Purposes, map: &Mapping, us: &gpp::UsSection) {
    let opted_out = ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut"]
        .iter()
        .any(|f| us.field(f) == Some(1));
    if opted_out {
        deny_all(r, purposes, &map.opt_out);
    }
    if us.gpc == Some(true) {
        deny_all(r, purposes, &map.gpc);
    }
}

fn gpp_section(r: &mut SourceReport, purposes: &Purposes, map: &Mapping, s: &gpp::Section) {
    match s {
        gpp::Section::TcfEuV2(tc) => tcf_decisions(r, purposes, map, tc),
        gpp::Section::UsNat(us) | gpp::Section::UsCa(us) => us_decisions(r, purposes, map, us),
        gpp::Section::Unsupported(_) => {}
    }
}

/// The purposes a GPP section with this id governs (`None`: unknown id, so all of them).
fn gpp_governs(map: &Mapping, id: Option<u16>) -> Vec<&str> {
    let tcf = map.tcf.iter().map(|(p, _)| p.as_str());
    let us = map.opt_out.iter().chain(&map.gpc).map(String::as_str);
    match id {
        Some(gpp::TCFEUV2) => tcf.collect(),
        Some(gpp::USNAT | gpp::USCA) => us.collect(),
        Some(_) => Vec::new(),
        None => tcf.chain(us).collect(),
    }
}

fn deny_all(r: &mut SourceReport, purposes: &Purposes, list: &[String]) {
    for p in list {
        decide(r, purposes, p, Decision::Denied);
    }
}

fn from_bool(granted: bool) -> Decision {
    if granted {
        Decision::Granted
    } else {
        Decision::Denied
    }
}

fn app_report(r: &mut SourceReport, purposes: &Purposes, app: &Json<'_>) {
    let Json::Obj(members) = app else {
        let all: Vec<&str> = purposes.names().skip(1).collect();
        fail(
            r,
            purposes,
            input_error("app must be an object of { purpose: decision }"),
            all,
        );
        return;
    };
    let mut errors = Vec::new();
    for (name, v) in members {
        let name = name.decoded();
        if purposes.index(&name).is_none() {
            errors.push((None, format!("unknown purpose \"{name}\" in app")));
            continue;
        }
        let d = match v {
            Json::Bool(true) => Some(Decision::Granted),
            Json::Bool(false) => Some(Decision::Denied),
            Json::Null => None,
            Json::Str(t) => match t.decoded().as_ref() {
                "granted" => Some(Decision::Granted),
                "denied" => Some(Decision::Denied),
                "unknown" => None,
                _ => {
                    errors.push((Some(name.clone()), bad_app_value(&name)));
                    None
                }
            },
            _ => {
                errors.push((Some(name.clone()), bad_app_value(&name)));
                None
            }
        };
        if let Some(d) = d {
            decide(r, purposes, &name, d);
        }
    }
    if let Some((_, first)) = errors.first() {
        let governed: Vec<String> = errors
            .iter()
            .filter_map(|(p, _)| p.clone())
            .map(Cow::into_owned)
            .collect();
        fail(
            r,
            purposes,
            input_error(first),
            governed.iter().map(String::as_str),
        );
    }
}

fn bad_app_value(name: &str) -> String {
    format!("app: \"{name}\" must be true, false, \"granted\", \"denied\", \"unknown\" or null")
}

/// Decodes every present signal and combines them for `purposes` under `map`.
pub fn normalize(purposes: &Purposes, map: &Mapping, s: &Signals<'_>) -> Normalized {
    let mut sources = Vec::new();
    let tcf_purposes = || map.tcf.iter().map(|(p, _)| p.as_str());
    let consent_mode_purposes = || map.consent_mode.iter().map(|(p, _)| p.as_str());
    for name in SOURCES {
        let mut r = report(name);
        let present = match name {
            "app" => s.app.is_some(),
            "tcf" => s.tcf.is_some(),
            "gpp" => s.gpp.is_some(),
            "usp" => s.usp.is_some(),
            "gpc" => s.gpc.is_some(),
            "dnt" => s.dnt.is_some(),
            _ => s.consent_mode.is_some(),
        };
        let errors: Vec<&str> = s
            .input_errors
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, m)| m.as_str())
            .collect();
        if !present && errors.is_empty() {
            continue;
        }
        match name {
            "app" => {
                if let Some(app) = s.app {
                    app_report(&mut r, purposes, app);
                }
            }
            "tcf" => {
                if let Some(text) = &s.tcf {
                    let p = tcf::decode_partial(text);
                    if p.purposes_read {
                        tcf_decisions(&mut r, purposes, map, &p.tc);
                    }
                    match p.error {
                        None => r.detail = Some(p.tc.to_json()),
                        Some(e) => fail(&mut r, purposes, e, tcf_purposes()),
                    }
                }
            }
            "gpp" => {
                if let Some(text) = &s.gpp {
                    let p = gpp::decode_partial(text);
                    for section in &p.gpp.sections {
                        gpp_section(&mut r, purposes, map, section);
                    }
                    for b in &p.broken {
                        if let Some(section) = &b.partial {
                            gpp_section(&mut r, purposes, map, section);
                        }
                    }
                    if p.header_read {
                        r.detail = Some(p.gpp.to_json());
                    }
                    if let Some(e) = p.error {
                        let mut governed: Vec<&str> = Vec::new();
                        if !p.header_read {
                            governed = gpp_governs(map, None);
                        }
                        for b in &p.broken {
                            governed.extend(gpp_governs(map, b.id));
                        }
                        fail(&mut r, purposes, e, governed);
                    }
                }
            }
            "usp" => {
                if let Some(text) = &s.usp {
                    let (u, error) = usp::decode_partial(text);
                    if u.opted_out_of_sale == Some(true) {
                        deny_all(&mut r, purposes, &map.opt_out);
                    }
                    let flag = |f: Option<bool>| match f {
                        Some(true) => "\"Y\"",
                        Some(false) => "\"N\"",
                        None => "\"-\"",
                    };
                    r.detail = Some(format!(
                        "{{\"notice\":{},\"optedOutOfSale\":{},\"lspaCovered\":{}}}",
                        flag(u.notice),
                        flag(u.opted_out_of_sale),
                        flag(u.lspa_covered)
                    ));
                    if let Some(e) = error {
                        r.detail = None;
                        fail(&mut r, purposes, e, map.opt_out.iter().map(String::as_str));
                    }
                }
            }
            "gpc" => {
                if s.gpc == Some(true) {
                    deny_all(&mut r, purposes, &map.gpc);
                }
            }
            "dnt" => {
                if s.dnt == Some(true) {
                    deny_all(&mut r, purposes, &map.dnt);
                }
            }
            _ => {
                if let Some(data_layer) = s.consent_mode {
                    let m = consent_mode::decode(data_layer);
                    // Granted when every mapped type is granted; denied when any is denied.
                    for (purpose, types) in &map.consent_mode {
                        let states: Vec<Option<bool>> = types.iter().map(|t| m.get(t)).collect();
                        if states.contains(&Some(false)) {
                            decide(&mut r, purposes, purpose, Decision::Denied);
                        } else if !states.is_empty() && states.iter().all(|g| *g == Some(true)) {
                            decide(&mut r, purposes, purpose, Decision::Granted);
                        }
                    }
                    r.detail = Some(consent_mode_detail(&m));
                    if let Some(e) = m.error {
                        fail(&mut r, purposes, e, consent_mode_purposes());
                    }
                }
            }
        }
        if let Some(first) = errors.first() {
            // A mistyped or doubtful value: everything this source governs fails safe.
            let governed: Vec<&str> = match name {
                "app" => purposes.names().skip(1).collect(),
                "tcf" => tcf_purposes().collect(),
                "gpp" => gpp_governs(map, None),
                "usp" => map.opt_out.iter().map(String::as_str).collect(),
                "gpc" => map.gpc.iter().map(String::as_str).collect(),
                "dnt" => map.dnt.iter().map(String::as_str).collect(),
                _ => consent_mode_purposes().collect(),
            };
            r.error = None; // the input's own error comes first
            fail(&mut r, purposes, input_error(first), governed);
        }
        sources.push(r);
    }
    let order = s.precedence.as_deref().or(map.precedence.as_deref());
    let decisions = combine(purposes.len(), &sources, order);
    Normalized { decisions, sources }
}

fn consent_mode_detail(m: &consent_mode::ConsentMode) -> String {
    let mut detail = String::from("{");
    for (i, t) in consent_mode::TYPES.iter().enumerate() {
        if let Some(g) = m.states[i] {
            if detail.len() > 1 {
                detail.push(',');
            }
            push_string(&mut detail, t);
            detail.push_str(if g { ":\"granted\"" } else { ":\"denied\"" });
        }
    }
    for (key, list) in [
        ("regionGrantsIgnored", m.region_grants_ignored.to_vec()),
        (
            "unknownTypes",
            m.unknown_types.iter().map(String::as_str).collect(),
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        if detail.len() > 1 {
            detail.push(',');
        }
        push_string(&mut detail, key);
        detail.push_str(":[");
        for (i, t) in list.iter().enumerate() {
            if i > 0 {
                detail.push(',');
            }
            push_string(&mut detail, t);
        }
        detail.push(']');
    }
    detail.push('}');
    detail
}

/// Combines source decisions. `order`: the first listed source with a decision for a purpose
/// decides it (an unreadable source decides `unknown`). Without an order: any denial wins, then
/// any unreadable source blocks, then any grant grants.
fn combine(n: usize, sources: &[SourceReport], order: Option<&[String]>) -> Vec<Decision> {
    let mut out = vec![Decision::Unknown; n];
    out[0] = Decision::Granted;
    for (i, slot) in out.iter_mut().enumerate().skip(1) {
        let said = |r: &SourceReport| r.decisions.iter().find(|(p, _)| *p == i).map(|(_, d)| *d);
        *slot = match order {
            Some(order) => order
                .iter()
                .filter_map(|name| sources.iter().find(|r| r.name == name.as_str()))
                .find_map(said)
                .unwrap_or(Decision::Unknown),
            None => sources
                .iter()
                .filter_map(said)
                .max_by_key(|d| rank(*d))
                .map_or(Decision::Unknown, |d| d),
        };
    }
    out
}

impl Normalized {
    /// `{consent: {purpose: decision}, sources: {name: {decisions, detail?, error?}}}`.
    pub fn to_json(&self, purposes: &Purposes) -> String {
        let mut state = super::ConsentState::new();
        for (i, d) in self.decisions.iter().enumerate() {
            state.set(i, *d);
        }
        let mut out = format!("{{\"consent\":{},\"sources\":{{", state.to_json(purposes));
        for (n, r) in self.sources.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            push_string(&mut out, r.name);
            out.push_str(":{\"decisions\":{");
            for (k, (p, d)) in r.decisions.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                push_string(&mut out, purposes.name(*p));
                out.push(':');
                push_string(&mut out, d.as_str());
            }
            out.push('}');
            if let Some(detail) = &r.detail {
                out.push_str(",\"detail\":");
                out.push_str(detail);
            }
            if let Some(e) = &r.error {
                out.push_str(&format!(
                    ",\"error\":{{\"segment\":{},\"bit\":{},\"message\":",
                    e.segment, e.bit
                ));
                push_string(&mut out, &e.message);
                out.push('}');
            }
            out.push('}');
        }
        out.push_str("}}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::BUILTIN_PURPOSES;

    const TC: &str =
        "CQuIxQAQuIxQAAKADCENCWFoAMNAAECAAIYgD5wA4AAgAEASwA-YADAwAQkAGAA4AEAA.IABu.dAAACAAAAUgA";

    fn decisions(s: &Signals<'_>) -> Vec<(&'static str, &'static str)> {
        let p = Purposes::default();
        let n = normalize(&p, &Mapping::default(), s);
        BUILTIN_PURPOSES
            .iter()
            .zip(n.decisions)
            .map(|(name, d)| (*name, d.as_str()))
            .collect()
    }

    fn get(v: &[(&str, &'static str)], p: &str) -> &'static str {
        v.iter().find(|(n, _)| *n == p).unwrap().1
    }

    #[test]
    fn tcf_maps_purposes_and_needs_device_access() {
        // The reference string consents to purposes 1, 2, 7, 8, 10.
        let v = decisions(&Signals {
            tcf: Some(TC.into()),
            ..Signals::default()
        });
        assert_eq!(get(&v, "analytics"), "denied", "purpose 9 is missing");
        assert_eq!(get(&v, "marketing"), "denied");
        assert_eq!(get(&v, "ai_training"), "granted");
        assert_eq!(get(&v, "functional"), "unknown");
        assert_eq!(get(&v, "necessary"), "granted");
    }

    #[test]
    fn any_denial_wins_unless_the_app_orders_sources() {
        let app = crate::json::parse(r#"{"marketing":true,"analytics":true}"#, 4).unwrap();
        let both = Signals {
            gpc: Some(true),
            app: Some(&app),
            ..Signals::default()
        };
        let v = decisions(&both);
        assert_eq!(get(&v, "marketing"), "denied");
        assert_eq!(get(&v, "analytics"), "granted");
        assert_eq!(get(&v, "ai_training"), "denied");
        let app_first = Signals {
            precedence: Some(vec!["app".into(), "gpc".into()]),
            ..both
        };
        let v = decisions(&app_first);
        assert_eq!(get(&v, "marketing"), "granted");
        assert_eq!(
            get(&v, "ai_training"),
            "denied",
            "the app said nothing about it"
        );
    }

    #[test]
    fn malformed_sources_report_errors_and_never_grant() {
        let dl = crate::json::parse(r#"[["consent","update",{"analytics_storage":"maybe"}]]"#, 4)
            .unwrap();
        let p = Purposes::default();
        let n = normalize(
            &p,
            &Mapping::default(),
            &Signals {
                tcf: Some("CQuI".into()),
                usp: Some("1XYN".into()),
                consent_mode: Some(&dl),
                ..Signals::default()
            },
        );
        assert!(
            n.sources
                .iter()
                .all(|r| r.error.is_some()
                    && r.decisions.iter().all(|(_, d)| *d != Decision::Granted))
        );
        // The USP opt-out still reads; everything else is blocked, nothing granted.
        assert_eq!(n.decisions[6], Decision::Denied, "sale_sharing");
        assert!(n.decisions[1..].iter().all(|d| *d != Decision::Granted));
        let json = n.to_json(&p);
        assert!(json.contains("\"error\":{\"segment\":0"), "{json}");
    }

    #[test]
    fn an_unreadable_source_blocks_another_sources_grant() {
        let app = crate::json::parse(r#"{"analytics":true,"marketing":true}"#, 4).unwrap();
        let dl = crate::json::parse(
            r#"[["consent","default",{"ad_storage":"denied"}],["consent","update",{"analytics_storage":"granted!"}]]"#,
            4,
        )
        .unwrap();
        let v = decisions(&Signals {
            app: Some(&app),
            consent_mode: Some(&dl),
            ..Signals::default()
        });
        assert_eq!(get(&v, "marketing"), "denied", "the earlier denial stands");
        assert_eq!(
            get(&v, "analytics"),
            "unknown",
            "the bad command blocks the app's grant"
        );
        // Under an order, the unreadable source decides `unknown` where it comes first.
        let v = decisions(&Signals {
            app: Some(&app),
            consent_mode: Some(&dl),
            precedence: Some(vec!["consent_mode".into(), "app".into()]),
            ..Signals::default()
        });
        assert_eq!(get(&v, "analytics"), "unknown");
        let v = decisions(&Signals {
            app: Some(&app),
            consent_mode: Some(&dl),
            precedence: Some(vec!["app".into(), "consent_mode".into()]),
            ..Signals::default()
        });
        assert_eq!(
            get(&v, "analytics"),
            "granted",
            "the app chose to come first"
        );
    }

    #[test]
    fn mistyped_values_are_per_source_errors() {
        let p = Purposes::default();
        let eval = |text: &str| {
            let out = evaluate_json(&p, &Mapping::default(), text).unwrap();
            serde_json::from_str::<serde_json::Value>(&out).unwrap()
        };
        let v = eval(r#"{"gpc":1,"app":{"marketing":true,"analytics":true}}"#);
        assert_eq!(v["consent"]["marketing"], "denied");
        assert_eq!(v["consent"]["analytics"], "granted");
        let v = eval(r#"{"gpc":"maybe","tcf":7,"app":{"analytics":true,"marketing":"yes"}}"#);
        assert_eq!(
            v["consent"]["marketing"], "denied",
            "an odd GPC reads as on"
        );
        assert!(v["sources"]["gpc"]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("read as on"));
        assert_eq!(
            v["consent"]["analytics"], "unknown",
            "a mistyped TCF blocks what it governs"
        );
        assert!(v["sources"]["tcf"]["error"].is_object());
        assert_eq!(v["sources"]["app"]["decisions"]["marketing"], "unknown");
        let v = eval(r#"{"tcf":{"error":"CMP said success=false"}}"#);
        assert_eq!(
            v["sources"]["tcf"]["error"]["message"],
            "tcf: CMP said success=false"
        );
        let v = eval(r#"{"app":[]}"#);
        assert_eq!(v["consent"]["functional"], "unknown");
        assert!(v["sources"]["app"]["error"].is_object());
        assert!(evaluate_json(&p, &Mapping::default(), r#"{"tfc":"x"}"#).is_err());
        assert!(evaluate_json(&p, &Mapping::default(), r#"{"precedence":["nope"]}"#).is_err());
        let v = eval(r#"{"tcf":"C\u0051uI"}"#);
        assert!(v["sources"]["tcf"]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("created"));
    }

    #[test]
    fn usp_and_consent_mode() {
        let dl = crate::json::parse(r#"[["consent","default",{"ad_storage":"granted","ad_user_data":"denied","analytics_storage":"granted"}]]"#, 4).unwrap();
        let v = decisions(&Signals {
            usp: Some("1YNN".into()),
            consent_mode: Some(&dl),
            ..Signals::default()
        });
        assert_eq!(get(&v, "analytics"), "granted");
        assert_eq!(get(&v, "marketing"), "denied");
        let v = decisions(&Signals {
            usp: Some("1YYN".into()),
            ..Signals::default()
        });
        assert_eq!(
            (get(&v, "sale_sharing"), get(&v, "marketing")),
            ("denied", "denied")
        );
    }
}
