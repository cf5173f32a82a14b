//! `*`-only globs for event names, query parameters and key segments.
//!
//! `*` matches any run of characters, including none; every other character is literal. No
//! backtracking blow-up: the classic two-pointer match is linear in practice.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    pattern: String,
}

impl Glob {
    pub fn new(pattern: &str) -> Self {
        Glob {
            pattern: pattern.to_owned(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    pub fn is_literal(&self) -> bool {
        !self.pattern.contains('*')
    }

    pub fn matches(&self, text: &str) -> bool {
        matches_bytes(self.pattern.as_bytes(), text.as_bytes())
    }
}

impl fmt::Display for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pattern)
    }
}

/// Matches `text` against a glob pattern given as a plain string.
pub fn matches(pattern: &str, text: &str) -> bool {
    matches_bytes(pattern.as_bytes(), text.as_bytes())
}

fn matches_bytes(p: &[u8], t: &[u8]) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("utm_*", "utm_source", true),
            ("utm_*", "xutm_source", false),
            ("$initial_*", "$initial_referrer", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("checkout", "checkout", true),
            ("checkout", "checkouts", false),
            ("*_id", "user_id", true),
            ("**", "x", true),
        ];
        for (p, t, want) in cases {
            assert_eq!(Glob::new(p).matches(t), want, "{p} ~ {t}");
        }
    }
}
