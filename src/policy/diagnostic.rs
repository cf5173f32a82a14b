//! Load errors: each names a stable code, the rule id when there is one, and the JSON path.

use crate::json::push_string;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable machine-readable code, e.g. `UNKNOWN_PURPOSE`.
    pub code: &'static str,
    /// Lower-case prose; may change between versions, unlike `code`.
    pub message: String,
    /// The id of the rule the problem is in, if any.
    pub rule: Option<String>,
    /// Where in the policy JSON, e.g. `rules[3].denied`.
    pub path: String,
}

impl Diagnostic {
    pub fn new(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            rule: None,
            path: path.into(),
        }
    }

    pub fn in_rule(mut self, rule: Option<&str>) -> Self {
        self.rule = rule.map(str::to_owned);
        self
    }
}

impl Diagnostic {
    pub fn write_json(&self, out: &mut String) {
        out.push_str("{\"code\":");
        push_string(out, self.code);
        out.push_str(",\"message\":");
        push_string(out, &self.message);
        out.push_str(",\"rule\":");
        match &self.rule {
            Some(r) => push_string(out, r),
            None => out.push_str("null"),
        }
        out.push_str(",\"path\":");
        push_string(out, &self.path);
        out.push('}');
    }
}

/// A list of diagnostics as a JSON array.
pub fn to_json(list: &[Diagnostic]) -> String {
    let mut out = String::from("[");
    for (i, d) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        d.write_json(&mut out);
    }
    out.push(']');
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule {
            Some(rule) => write!(f, "rule \"{rule}\": {} at {}", self.message, self.path),
            None if self.path.is_empty() => write!(f, "{}", self.message),
            None => write!(f, "{} at {}", self.message, self.path),
        }
    }
}

/// Codes, so callers and tests match on names rather than prose.
pub mod codes {
    pub const SYNTAX: &str = "POLICY_SYNTAX";
    pub const VERSION: &str = "POLICY_VERSION";
    pub const SHAPE: &str = "POLICY_SHAPE";
    pub const UNKNOWN_PURPOSE: &str = "UNKNOWN_PURPOSE";
    pub const BAD_PURPOSE: &str = "BAD_PURPOSE";
    pub const BAD_SELECTOR: &str = "BAD_SELECTOR";
    pub const HASH_WITHOUT_KEY: &str = "HASH_WITHOUT_KEY";
    pub const BAD_PATTERN: &str = "BAD_PATTERN";
    pub const UNKNOWN_DETECTOR: &str = "UNKNOWN_DETECTOR";
    pub const UNKNOWN_PRESET: &str = "UNKNOWN_PRESET";
    pub const DUPLICATE_ID: &str = "DUPLICATE_ID";
    pub const BAD_VALUE: &str = "BAD_VALUE";
}
