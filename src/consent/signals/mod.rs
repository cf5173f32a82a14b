//! Consent signals a page already has, decoded and normalized into one consent state.
//!
//! Each source yields decisions for some purposes under the mapping below; the sources are then
//! combined. By default any source's denial wins over another's grant; an app can instead give
//! an order of sources, where the first source with a decision for a purpose decides it. A
//! source that fails to decode reports its error and decides nothing: it never grants.
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
//!   functionality_storage -> functional; personalization_storage -> personalization.
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
use crate::json::{push_string, Json, Text};

/// The signals present in a page (or a request). Absent ones are `None`.
#[derive(Default)]
pub struct Signals<'a> {
    pub gpc: Option<bool>,
    pub dnt: Option<bool>,
    pub tcf: Option<&'a str>,
    pub usp: Option<&'a str>,
    /// The `dataLayer` array.
    pub consent_mode: Option<&'a Json<'a>>,
    /// The app's own `{purpose: decision}`.
    pub app: Option<&'a Json<'a>>,
    /// An IAB GPP string (`tcfeuv2`, `usnat` and `usca` sections are decoded).
    pub gpp: Option<&'a str>,
    /// Source names in order of precedence; `None` means any denial wins.
    pub precedence: Option<Vec<String>>,
}

/// Signals as JSON text in, `{consent, sources}` JSON out, for `purposes` under `map`.
pub fn evaluate_json(purposes: &Purposes, map: &Mapping, input: &str) -> Result<String, String> {
    let json = crate::json::parse(input, 16).map_err(|e| e.to_string())?;
    let s = from_json(&json)?;
    Ok(normalize(purposes, map, &s).to_json(purposes))
}

/// Reads `{gpc, dnt, tcf, usp, consentMode, app, precedence}` (each optional) from JSON.
pub fn from_json<'a>(input: &'a Json<'a>) -> Result<Signals<'a>, String> {
    let Json::Obj(members) = input else {
        return Err("signals must be an object".into());
    };
    let mut s = Signals::default();
    for (k, v) in members {
        let key = k.decoded();
        match (key.as_ref(), v) {
            (_, Json::Null) => {}
            ("gpc", Json::Bool(b)) => s.gpc = Some(*b),
            ("gpc", Json::Str(t)) => s.gpc = Some(gpc::from_header(&t.decoded())),
            ("dnt", Json::Bool(b)) => s.dnt = Some(*b),
            ("dnt", Json::Str(t)) => s.dnt = Some(gpc::dnt_from(&t.decoded())),
            ("tcf", Json::Str(Text::Plain(t))) => s.tcf = Some(t),
            ("usp", Json::Str(Text::Plain(t))) => s.usp = Some(t),
            ("gpp", Json::Str(Text::Plain(t))) => s.gpp = Some(t),
            ("consentMode", v @ Json::Arr(_)) => s.consent_mode = Some(v),
            ("app", v @ Json::Obj(_)) => s.app = Some(v),
            ("precedence", Json::Arr(items)) => {
                let mut order = Vec::new();
                for item in items {
                    match item {
                        Json::Str(t) if SOURCES.contains(&t.decoded().as_ref()) => order.push(t.decoded().into_owned()),
                        _ => return Err(format!("precedence lists sources: {}", SOURCES.join(", "))),
                    }
                }
                s.precedence = Some(order);
            }
            (other, _) => {
                return Err(format!(
                    "unknown or mistyped signal `{other}`; expected gpc, dnt (boolean or header value), tcf, gpp, usp (string), consentMode (dataLayer array), app (object), precedence (array)"
                ))
            }
        }
    }
    Ok(s)
}

/// What one source said.
pub struct SourceReport {
    pub name: &'static str,
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

/// Records a source's decision; within one source, a denial overrides a grant.
fn decide(r: &mut SourceReport, purposes: &Purposes, purpose: &str, d: Decision) {
    let Some(i) = purposes.index(purpose) else {
        return;
    };
    match r.decisions.iter_mut().find(|(p, _)| *p == i) {
        Some((_, existing)) if d == Decision::Denied => *existing = d,
        Some(_) => {}
        None => r.decisions.push((i, d)),
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

/// Decodes every present signal and combines them for `purposes` under `map`.
pub fn normalize(purposes: &Purposes, map: &Mapping, s: &Signals<'_>) -> Normalized {
    let mut sources = Vec::new();
    if let Some(app) = s.app {
        let mut r = report("app");
        let mut state = super::ConsentState::new();
        match state.merge_json(purposes, app) {
            Ok(()) => {
                for i in 1..purposes.len() {
                    let d = state.decision(i);
                    if d != Decision::Unknown {
                        r.decisions.push((i, d));
                    }
                }
            }
            Err(e) => {
                r.error = Some(DecodeError {
                    segment: 0,
                    bit: 0,
                    message: e.to_string(),
                })
            }
        }
        sources.push(r);
    }
    if let Some(text) = s.tcf {
        let mut r = report("tcf");
        match tcf::decode(text) {
            Ok(tc) => {
                tcf_decisions(&mut r, purposes, map, &tc);
                r.detail = Some(tc.to_json());
            }
            Err(e) => r.error = Some(e),
        }
        sources.push(r);
    }
    if let Some(text) = s.gpp {
        let mut r = report("gpp");
        match gpp::decode(text) {
            Ok(g) => {
                for section in &g.sections {
                    match section {
                        gpp::Section::TcfEuV2(tc) => tcf_decisions(&mut r, purposes, map, tc),
                        gpp::Section::UsNat(us) | gpp::Section::UsCa(us) => {
                            let opted_out =
                                ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut"]
                                    .iter()
                                    .any(|f| us.field(f) == Some(1));
                            if opted_out {
                                deny_all(&mut r, purposes, &map.opt_out);
                            }
                            if us.gpc == Some(true) {
                                deny_all(&mut r, purposes, &map.gpc);
                            }
                        }
                        gpp::Section::Unsupported(_) => {}
                    }
                }
                r.detail = Some(g.to_json());
            }
            Err(e) => r.error = Some(e),
        }
        sources.push(r);
    }
    if let Some(text) = s.usp {
        let mut r = report("usp");
        match usp::decode(text) {
            Ok(u) => {
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
            }
            Err(e) => r.error = Some(e),
        }
        sources.push(r);
    }
    if let Some(on) = s.gpc {
        let mut r = report("gpc");
        if on {
            deny_all(&mut r, purposes, &map.gpc);
        }
        sources.push(r);
    }
    if let Some(on) = s.dnt {
        let mut r = report("dnt");
        if on {
            deny_all(&mut r, purposes, &map.dnt);
        }
        sources.push(r);
    }
    if let Some(data_layer) = s.consent_mode {
        let mut r = report("consent_mode");
        match consent_mode::decode(data_layer) {
            Ok(m) => {
                // Granted when every mapped type is granted; denied when any is denied.
                for (purpose, types) in &map.consent_mode {
                    let states: Vec<Option<bool>> = types.iter().map(|t| m.get(t)).collect();
                    if states.contains(&Some(false)) {
                        decide(&mut r, purposes, purpose, Decision::Denied);
                    } else if !states.is_empty() && states.iter().all(|g| *g == Some(true)) {
                        decide(&mut r, purposes, purpose, Decision::Granted);
                    }
                }
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
                detail.push('}');
                r.detail = Some(detail);
            }
            Err(e) => r.error = Some(e),
        }
        sources.push(r);
    }
    let order = s.precedence.as_deref().or(map.precedence.as_deref());
    let decisions = combine(purposes.len(), &sources, order);
    Normalized { decisions, sources }
}

/// Combines source decisions. `order`: first source with a decision wins; else deny wins.
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
            None => {
                let all: Vec<Decision> = sources.iter().filter_map(said).collect();
                if all.contains(&Decision::Denied) {
                    Decision::Denied
                } else if all.contains(&Decision::Granted) {
                    Decision::Granted
                } else {
                    Decision::Unknown
                }
            }
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
            tcf: Some(TC),
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
                tcf: Some("CQuI"),
                usp: Some("1YX"),
                consent_mode: Some(&dl),
                ..Signals::default()
            },
        );
        assert!(n
            .sources
            .iter()
            .all(|r| r.error.is_some() && r.decisions.is_empty()));
        assert!(n.decisions[1..].iter().all(|d| *d == Decision::Unknown));
        let json = n.to_json(&p);
        assert!(json.contains("\"error\":{\"segment\":0"), "{json}");
    }

    #[test]
    fn usp_and_consent_mode() {
        let dl = crate::json::parse(r#"[["consent","default",{"ad_storage":"granted","ad_user_data":"denied","analytics_storage":"granted"}]]"#, 4).unwrap();
        let v = decisions(&Signals {
            usp: Some("1YNN"),
            consent_mode: Some(&dl),
            ..Signals::default()
        });
        assert_eq!(get(&v, "analytics"), "granted");
        assert_eq!(get(&v, "marketing"), "denied");
        let v = decisions(&Signals {
            usp: Some("1YYN"),
            ..Signals::default()
        });
        assert_eq!(
            (get(&v, "sale_sharing"), get(&v, "marketing")),
            ("denied", "denied")
        );
    }
}
