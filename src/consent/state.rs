//! The consent state: for each purpose, granted, denied or unknown. Unknown counts as denied.

use super::purpose::{PurposeSet, Purposes};
use crate::json::{push_string, Json};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Granted,
    Denied,
    Unknown,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Granted => "granted",
            Decision::Denied => "denied",
            Decision::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsentError {
    NotAnObject,
    UnknownPurpose(String),
    BadValue(String),
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsentError::NotAnObject => {
                f.write_str("consent must be an object of purpose: decision")
            }
            ConsentError::UnknownPurpose(p) => write!(f, "unknown purpose \"{p}\" in consent"),
            ConsentError::BadValue(p) => write!(
                f,
                "consent for \"{p}\" must be true, false, \"granted\", \"denied\" or \"unknown\""
            ),
        }
    }
}

impl std::error::Error for ConsentError {}

/// Decisions per purpose index. `necessary` (index 0) is always granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentState {
    granted: PurposeSet,
    denied: PurposeSet,
}

impl Default for ConsentState {
    fn default() -> Self {
        ConsentState {
            granted: PurposeSet::default().with(0),
            denied: PurposeSet::default(),
        }
    }
}

impl ConsentState {
    /// Everything unknown (so denied) except `necessary`.
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(&mut self, index: usize, decision: Decision) {
        if index == 0 {
            return; // necessary cannot be withdrawn
        }
        let bit = PurposeSet::default().with(index).0;
        self.granted.0 &= !bit;
        self.denied.0 &= !bit;
        match decision {
            Decision::Granted => self.granted.0 |= bit,
            Decision::Denied => self.denied.0 |= bit,
            Decision::Unknown => {}
        }
    }

    pub fn decision(&self, index: usize) -> Decision {
        if self.granted.contains(index) {
            Decision::Granted
        } else if self.denied.contains(index) {
            Decision::Denied
        } else {
            Decision::Unknown
        }
    }

    /// The purposes that are explicitly denied (not merely unknown).
    pub fn denied(&self) -> PurposeSet {
        self.denied
    }

    /// The purposes that are granted; unknown ones are not.
    pub fn granted(&self) -> PurposeSet {
        self.granted
    }

    /// Merges a JSON object `{purpose: true|false|"granted"|"denied"|"unknown"|null}` into the
    /// state. Nothing changes unless the whole object is valid.
    pub fn merge_json(
        &mut self,
        purposes: &Purposes,
        value: &Json<'_>,
    ) -> Result<(), ConsentError> {
        let Json::Obj(members) = value else {
            return Err(ConsentError::NotAnObject);
        };
        let mut next = self.clone();
        for (name, v) in members {
            let name = name.decoded();
            let index = purposes
                .index(&name)
                .ok_or_else(|| ConsentError::UnknownPurpose(name.to_string()))?;
            let decision = match v {
                Json::Bool(true) => Decision::Granted,
                Json::Bool(false) => Decision::Denied,
                Json::Null => Decision::Unknown,
                Json::Str(t) => match t.decoded().as_ref() {
                    "granted" => Decision::Granted,
                    "denied" => Decision::Denied,
                    "unknown" => Decision::Unknown,
                    _ => return Err(ConsentError::BadValue(name.to_string())),
                },
                _ => return Err(ConsentError::BadValue(name.to_string())),
            };
            next.set(index, decision);
        }
        *self = next;
        Ok(())
    }

    /// Parses and merges a consent JSON text.
    pub fn merge_text(&mut self, purposes: &Purposes, text: &str) -> Result<(), ConsentError> {
        let value = crate::json::parse(text, 4).map_err(|_| ConsentError::NotAnObject)?;
        self.merge_json(purposes, &value)
    }

    /// `{purpose: "granted"|"denied"|"unknown"}` for every purpose the policy knows.
    pub fn to_json(&self, purposes: &Purposes) -> String {
        let mut out = String::from("{");
        for (i, n) in purposes.names().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_string(&mut out, n);
            out.push(':');
            push_string(&mut out, self.decision(i).as_str());
        }
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Json<'_> {
        crate::json::parse(text, 8).unwrap()
    }

    #[test]
    fn unknown_is_denied_and_necessary_is_always_granted() {
        let p = Purposes::default();
        let mut c = ConsentState::new();
        assert!(c.granted().contains(0));
        assert!(!c.granted().contains(2));
        c.merge_json(
            &p,
            &json(r#"{"necessary": false, "analytics": true, "marketing": "denied"}"#),
        )
        .unwrap();
        assert_eq!(c.decision(0), Decision::Granted);
        assert_eq!(c.decision(2), Decision::Granted);
        assert_eq!(c.decision(3), Decision::Denied);
        assert_eq!(c.decision(5), Decision::Unknown);
        assert!(!c.granted().contains(5));
    }

    #[test]
    fn bad_consent_changes_nothing() {
        let p = Purposes::default();
        let mut c = ConsentState::new();
        let before = c.clone();
        let e = c
            .merge_json(&p, &json(r#"{"analytics": true, "analytcs": true}"#))
            .unwrap_err();
        assert_eq!(e, ConsentError::UnknownPurpose("analytcs".into()));
        assert_eq!(c, before);
        assert_eq!(
            c.merge_json(&p, &json(r#"{"analytics": 1}"#)).unwrap_err(),
            ConsentError::BadValue("analytics".into())
        );
        assert_eq!(
            c.merge_json(&p, &json("[1]")).unwrap_err(),
            ConsentError::NotAnObject
        );
    }
}
