//! Google Consent Mode v2, from the `dataLayer` commands `['consent', 'default'|'update', {...}]`.
//!
//! Read as gtag applies them, with every doubt resolved towards denial:
//! - `update` overrides `default` type by type, whatever their order; among updates the later
//!   wins.
//! - Defaults: any denial among the page's defaults denies the type (two conflicting global
//!   defaults are a page bug whose order gtag does not document).
//! - `region` (ISO 3166-2 codes) scopes a command to visitors from those regions. The page
//!   cannot know the visitor's region, so a region-scoped denial denies (everywhere) and a
//!   region-scoped grant decides nothing. Google documents `region` for `default`; an `update`
//!   that carries one is read the same way.
//! - `wait_for_update` only delays Google's tags; it decides nothing.
//! - A malformed command or value is an error naming the entry. The rest of the dataLayer is
//!   still read, so its denials stand; the caller drops the source's grants.

use super::bits::DecodeError;
use crate::json::Json;

pub const TYPES: [&str; 7] = [
    "ad_storage",
    "analytics_storage",
    "ad_user_data",
    "ad_personalization",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// Keys of a consent command's settings that are not consent types.
const PARAMETERS: [&str; 2] = ["region", "wait_for_update"];

/// Per consent type (in `TYPES` order): granted, denied, or never set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentMode {
    pub states: [Option<bool>; 7],
    /// Types granted only by region-scoped commands (which decide nothing).
    pub region_grants_ignored: Vec<&'static str>,
    /// Keys in consent settings that are neither a known type nor a parameter (ignored).
    pub unknown_types: Vec<String>,
    /// The first malformed entry, if any (`bit` holds the entry index).
    pub error: Option<DecodeError>,
}

impl ConsentMode {
    pub fn get(&self, name: &str) -> Option<bool> {
        TYPES
            .iter()
            .position(|t| *t == name)
            .and_then(|i| self.states[i])
    }
}

/// The arguments of one dataLayer entry, when it is an array or an `arguments`-like object
/// (keys `"0"`, `"1"`, …). `None` for anything else (events, plain objects).
fn arguments<'j, 'a>(entry: &'j Json<'a>) -> Option<Vec<&'j Json<'a>>> {
    match entry {
        Json::Arr(a) => Some(a.iter().collect()),
        Json::Obj(m) if m.iter().any(|(k, _)| k.decoded() == "0") => {
            let mut out = Vec::new();
            for n in 0..m.len() {
                let key = n.to_string();
                match m.iter().rev().find(|(k, _)| k.decoded() == key) {
                    Some((_, v)) => out.push(v),
                    None => break,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// Whether a command is region-scoped, and whether its `region` is well formed.
fn region_scope(settings: &[(crate::json::Text<'_>, Json<'_>)]) -> (bool, Result<(), String>) {
    let Some((_, v)) = settings.iter().find(|(k, _)| k.decoded() == "region") else {
        return (false, Ok(()));
    };
    let ok = match v {
        Json::Arr(items) => {
            !items.is_empty()
                && items
                    .iter()
                    .all(|i| matches!(i, Json::Str(t) if !t.decoded().trim().is_empty()))
        }
        Json::Str(t) => !t.decoded().trim().is_empty(),
        _ => false,
    };
    // Any `region` key scopes the command, well formed or not: its grants never count.
    let result = if ok {
        Ok(())
    } else {
        Err("region must be a non-empty array of ISO 3166-2 codes".to_owned())
    };
    (true, result)
}

/// Reads a `dataLayer` array. Entries that are not consent commands are skipped. Never fails:
/// problems are reported in [`ConsentMode::error`] and the valid parts are still read.
pub fn decode(data_layer: &Json<'_>) -> ConsentMode {
    let mut mode = ConsentMode::default();
    let mut first_error: Option<DecodeError> = None;
    let mut error = |i: usize, message: String| {
        first_error.get_or_insert(DecodeError {
            segment: 0,
            bit: i,
            message,
        });
    };
    let Json::Arr(entries) = data_layer else {
        error(0, "dataLayer must be an array".into());
        mode.error = first_error;
        return mode;
    };
    let mut defaults: [Option<bool>; 7] = [None; 7];
    let mut updates: [Option<bool>; 7] = [None; 7];
    let mut region_grants = [false; 7];
    let mut unknown = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let Some(args) = arguments(entry) else {
            continue;
        };
        if !matches!(args.first(), Some(Json::Str(t)) if t.decoded() == "consent") {
            continue;
        }
        let command = match args.get(1) {
            Some(Json::Str(t)) => t.decoded().into_owned(),
            _ => {
                error(
                    i,
                    format!("dataLayer[{i}]: consent needs \"default\" or \"update\""),
                );
                continue;
            }
        };
        let is_update = match command.as_str() {
            "default" => false,
            "update" => true,
            other => {
                error(
                    i,
                    format!("dataLayer[{i}]: unknown consent command {other:?}"),
                );
                continue;
            }
        };
        let Some(Json::Obj(settings)) = args.get(2) else {
            error(
                i,
                format!("dataLayer[{i}]: consent {command} needs an object of settings"),
            );
            continue;
        };
        let (scoped, region_ok) = region_scope(settings);
        if let Err(m) = region_ok {
            error(i, format!("dataLayer[{i}]: {m}"));
        }
        for (k, v) in settings {
            let name = k.decoded();
            let Some(slot) = TYPES.iter().position(|t| *t == name) else {
                if !PARAMETERS.contains(&name.as_ref()) && !unknown.iter().any(|u| *u == name) {
                    unknown.push(name.into_owned());
                }
                continue;
            };
            let granted = match v {
                Json::Str(t) if t.decoded() == "granted" => true,
                Json::Str(t) if t.decoded() == "denied" => false,
                _ => {
                    error(
                        i,
                        format!("dataLayer[{i}]: {name} must be \"granted\" or \"denied\""),
                    );
                    continue;
                }
            };
            let layer = if is_update {
                &mut updates
            } else {
                &mut defaults
            };
            match (scoped, is_update, granted) {
                // A region-scoped grant decides nothing: the visitor may be elsewhere.
                (true, _, true) => region_grants[slot] = true,
                // Defaults: a denial sticks; a grant counts only while none denied.
                (_, false, false) => layer[slot] = Some(false),
                (false, false, true) => {
                    layer[slot].get_or_insert(true);
                }
                // Updates: the later wins (a region-scoped update can only deny).
                (_, true, g) => layer[slot] = Some(g),
            }
        }
    }
    for slot in 0..TYPES.len() {
        mode.states[slot] = updates[slot].or(defaults[slot]);
        if region_grants[slot] && mode.states[slot] != Some(true) {
            mode.region_grants_ignored.push(TYPES[slot]);
        }
    }
    mode.unknown_types = unknown;
    mode.error = first_error;
    mode
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(text: &str) -> ConsentMode {
        decode(&crate::json::parse(text, 8).unwrap())
    }

    #[test]
    fn default_then_update() {
        let m = mode(
            r#"[["consent","default",{"ad_storage":"denied","analytics_storage":"denied","wait_for_update":500}],
                         {"event":"gtm.js"},
                         {"0":"consent","1":"update","2":{"analytics_storage":"granted"}}]"#,
        );
        assert_eq!(m.error, None);
        assert_eq!(m.get("analytics_storage"), Some(true));
        assert_eq!(m.get("ad_storage"), Some(false));
        assert_eq!(m.get("ad_user_data"), None);
    }

    #[test]
    fn update_wins_over_default_in_any_order_and_defaults_deny_first() {
        let m = mode(
            r#"[["consent","update",{"analytics_storage":"denied"}],
                ["consent","default",{"analytics_storage":"granted","ad_storage":"granted"}],
                ["consent","default",{"ad_storage":"denied"}]]"#,
        );
        assert_eq!(
            m.get("analytics_storage"),
            Some(false),
            "a late default does not undo an update"
        );
        assert_eq!(
            m.get("ad_storage"),
            Some(false),
            "conflicting defaults: the denial stands"
        );
    }

    #[test]
    fn regions_deny_everywhere_and_never_grant() {
        // Google's documented pattern: deny in the EEA, grant elsewhere.
        let m = mode(
            r#"[["consent","default",{"ad_storage":"denied","region":["ES","DE"]}],
                ["consent","default",{"ad_storage":"granted","analytics_storage":"granted"}]]"#,
        );
        assert_eq!(m.get("ad_storage"), Some(false));
        assert_eq!(m.get("analytics_storage"), Some(true));
        // The reverse: deny by default, grant in the US only. The grant decides nothing.
        let m = mode(
            r#"[["consent","default",{"analytics_storage":"denied"}],
                ["consent","default",{"analytics_storage":"granted","ad_storage":"granted","region":["US"]}]]"#,
        );
        assert_eq!(m.get("analytics_storage"), Some(false));
        assert_eq!(m.get("ad_storage"), None);
        assert_eq!(m.region_grants_ignored, ["ad_storage", "analytics_storage"]);
        // A region-scoped update can withdraw but not grant.
        let m = mode(
            r#"[["consent","update",{"analytics_storage":"granted"}],
                ["consent","update",{"analytics_storage":"denied","region":["FR"]}],
                ["consent","update",{"analytics_storage":"granted","region":["FR"]}]]"#,
        );
        assert_eq!(m.get("analytics_storage"), Some(false));
        assert_eq!(m.error, None);
    }

    #[test]
    fn bad_values_are_errors_and_keep_the_other_denials() {
        let m = mode(
            r#"[["consent","default",{"ad_storage":"denied"}],["consent","update",{"ad_storage":"yes","analytics_storage":"denied"}]]"#,
        );
        assert_eq!(m.error.as_ref().unwrap().bit, 1);
        assert_eq!(m.get("ad_storage"), Some(false));
        assert_eq!(m.get("analytics_storage"), Some(false));
        assert!(mode(r#"{"consent":1}"#).error.is_some());
        assert!(mode(r#"[["consent","update"]]"#).error.is_some());
        assert!(mode(r#"[["consent","revoke",{}]]"#).error.is_some());
        assert!(mode(r#"[["consent",7,{}]]"#).error.is_some());
        let m = mode(r#"[["consent","default",{"ad_storage":"granted","region":"EEA "}]]"#);
        assert_eq!(
            m.get("ad_storage"),
            None,
            "a region, even malformed, scopes the grant"
        );
        let m = mode(r#"[["consent","default",{"ad_storage":"granted","region":[]}]]"#);
        assert!(m.error.is_some());
        assert_eq!(m.get("ad_storage"), None);
        // A type given twice reads as JSON.parse reads it (the JSON reader keeps the last value).
        let m = mode(r#"[["consent","update",{"ad_storage":"granted","ad_storage":"denied"}]]"#);
        assert_eq!(m.get("ad_storage"), Some(false));
        let m = mode(r#"[["consent","update",{"analytic_storage":"denied"}]]"#);
        assert_eq!(m.unknown_types, ["analytic_storage"]);
    }
}
