//! Google Consent Mode v2, from the `dataLayer` commands `['consent', 'default'|'update', {...}]`.
//! Later commands override earlier ones type by type, as gtag applies them.

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

/// Per consent type (in `TYPES` order): granted, denied, or never set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConsentMode {
    pub states: [Option<bool>; 7],
}

impl ConsentMode {
    pub fn get(&self, name: &str) -> Option<bool> {
        TYPES
            .iter()
            .position(|t| *t == name)
            .and_then(|i| self.states[i])
    }
}

/// Reads a `dataLayer` array. Entries that are not consent commands are skipped; a consent
/// command with a bad value is an error naming the entry (`bit` holds the entry index).
pub fn decode(data_layer: &Json<'_>) -> Result<ConsentMode, DecodeError> {
    let err = |i: usize, message: String| DecodeError {
        segment: 0,
        bit: i,
        message,
    };
    let Json::Arr(entries) = data_layer else {
        return Err(err(0, "dataLayer must be an array".into()));
    };
    let mut mode = ConsentMode::default();
    for (i, entry) in entries.iter().enumerate() {
        // gtag pushes `arguments` objects, which arrive as arrays (or index-keyed objects).
        let args: Vec<&Json<'_>> = match entry {
            Json::Arr(a) => a.iter().collect(),
            Json::Obj(m) if m.iter().any(|(k, _)| k.decoded() == "0") => (0..m.len())
                .filter_map(|n| {
                    m.iter()
                        .find(|(k, _)| k.decoded() == n.to_string())
                        .map(|(_, v)| v)
                })
                .collect(),
            _ => continue,
        };
        let is_consent = matches!(args.first(), Some(Json::Str(t)) if t.decoded() == "consent");
        let command = match args.get(1) {
            Some(Json::Str(t)) => t.decoded().into_owned(),
            _ => continue,
        };
        if !is_consent || (command != "default" && command != "update") {
            continue;
        }
        let Some(Json::Obj(settings)) = args.get(2) else {
            return Err(err(
                i,
                format!("dataLayer[{i}]: consent {command} needs an object of settings"),
            ));
        };
        for (k, v) in settings {
            let name = k.decoded();
            let Some(slot) = TYPES.iter().position(|t| *t == name) else {
                continue;
            };
            mode.states[slot] = Some(match v {
                Json::Str(t) if t.decoded() == "granted" => true,
                Json::Str(t) if t.decoded() == "denied" => false,
                _ => {
                    return Err(err(
                        i,
                        format!("dataLayer[{i}]: {name} must be \"granted\" or \"denied\""),
                    ))
                }
            });
        }
    }
    Ok(mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(text: &str) -> Result<ConsentMode, DecodeError> {
        decode(&crate::json::parse(text, 8).unwrap())
    }

    #[test]
    fn default_then_update() {
        let m = mode(r#"[["consent","default",{"ad_storage":"denied","analytics_storage":"denied","wait_for_update":500}],
                         {"event":"gtm.js"},
                         {"0":"consent","1":"update","2":{"analytics_storage":"granted"}}]"#)
        .unwrap();
        assert_eq!(m.get("analytics_storage"), Some(true));
        assert_eq!(m.get("ad_storage"), Some(false));
        assert_eq!(m.get("ad_user_data"), None);
    }

    #[test]
    fn bad_values_are_errors_never_grants() {
        let e = mode(r#"[["consent","default",{"ad_storage":"yes"}]]"#).unwrap_err();
        assert_eq!(e.bit, 0);
        assert!(mode(r#"{"consent":1}"#).is_err());
        assert!(mode(r#"[["consent","update"]]"#).is_err());
    }
}
