//! Global Privacy Control (`navigator.globalPrivacyControl`, `Sec-GPC: 1`) and Do Not Track.
//!
//! Both are opt-outs, so they fail safe towards ON: only clearly-off values read as off
//! (`false`, `0`, `"0"`, `"false"`, `"no"`, `"unspecified"`, `""`, null); `true`, `1`, `"1"`,
//! `"true"`, `"yes"` and `"on"` read as on, and anything else reads as on with an error.

use crate::json::Json;

/// How a flag value read: on or off, and why it was doubtful, if it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub on: bool,
    /// Set when the value was not a recognized one (it then reads as on).
    pub error: Option<String>,
}

const OFF: [&str; 5] = ["0", "false", "no", "unspecified", ""];
const ON: [&str; 4] = ["1", "true", "yes", "on"];

/// A header or `navigator` string value.
pub fn from_text(value: &str) -> Flag {
    let v = value.trim().to_ascii_lowercase();
    if OFF.contains(&v.as_str()) {
        Flag {
            on: false,
            error: None,
        }
    } else if ON.contains(&v.as_str()) {
        Flag {
            on: true,
            error: None,
        }
    } else {
        Flag {
            on: true,
            error: Some(format!("unrecognized value {value:?} read as on")),
        }
    }
}

/// Any JSON value (`null` is handled by the caller as absent, and reads as off here).
pub fn from_json(value: &Json<'_>) -> Flag {
    match value {
        Json::Null => from_text(""),
        Json::Bool(b) => Flag {
            on: *b,
            error: None,
        },
        Json::Str(t) => from_text(&t.decoded()),
        Json::Num(n) => match n.parse::<f64>() {
            Ok(0.0) => from_text("0"),
            Ok(1.0) => from_text("1"),
            _ => Flag {
                on: true,
                error: Some(format!("unrecognized number {n} read as on")),
            },
        },
        Json::Arr(_) | Json::Obj(_) => Flag {
            on: true,
            error: Some("not a boolean or string: read as on".into()),
        },
    }
}

/// The `Sec-GPC` request header (or any GPC value as text).
pub fn from_header(value: &str) -> bool {
    from_text(value).on
}

/// `navigator.doNotTrack` (or the `DNT` header).
pub fn dnt_from(value: &str) -> bool {
    from_text(value).on
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        for on in ["1", " 1 ", "true", "TRUE", "yes", "on"] {
            assert_eq!(
                from_text(on),
                Flag {
                    on: true,
                    error: None
                },
                "{on:?}"
            );
        }
        for off in ["0", "false", "no", "unspecified", "", " No "] {
            assert_eq!(
                from_text(off),
                Flag {
                    on: false,
                    error: None
                },
                "{off:?}"
            );
        }
        for odd in ["maybe", "null", "2", "enabled"] {
            let f = from_text(odd);
            assert!(f.on && f.error.is_some(), "{odd:?} fails safe to on");
        }
        let json = |t: &str| from_json(&crate::json::parse(t, 4).unwrap());
        assert!(json("1").on && json("true").on && json("1.0").on);
        assert!(!json("0").on && !json("false").on && !json("-0").on && !json("null").on);
        assert!(json("2").on && json("2").error.is_some());
        assert!(json("[]").on && json("{}").error.is_some());
        assert!(from_header("1") && !from_header("0") && dnt_from("yes"));
    }
}
