//! How signals map to purposes. The default is the table in the README; a policy may override
//! any part of it under `consent_signals` (read and checked with the rest of the policy).

/// Signals-to-purposes mapping, by purpose name.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// Our purpose -> the TCF purposes that must all be consented.
    pub tcf: Vec<(String, Vec<u16>)>,
    /// Whether every TCF-derived grant also needs TCF purpose 1 (device access).
    pub tcf_requires_purpose_one: bool,
    /// Purposes denied when GPC is on.
    pub gpc: Vec<String>,
    /// Purposes denied when DNT is on.
    pub dnt: Vec<String>,
    /// Purposes denied by a US opt-out of sale, sharing or targeted advertising (USP, GPP).
    pub opt_out: Vec<String>,
    /// Our purpose -> the Consent Mode types that must all be granted (any denied denies).
    pub consent_mode: Vec<(String, Vec<String>)>,
    /// Source names in order; `None`: any denial wins.
    pub precedence: Option<Vec<String>>,
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl Default for Mapping {
    fn default() -> Self {
        Mapping {
            tcf: vec![
                ("analytics".into(), vec![7, 8, 9]),
                ("marketing".into(), vec![2, 3, 4]),
                ("personalization".into(), vec![5, 6]),
                ("ai_training".into(), vec![10]),
            ],
            tcf_requires_purpose_one: true,
            gpc: names(&["sale_sharing", "marketing", "ai_training"]),
            dnt: names(&["sale_sharing", "marketing"]),
            opt_out: names(&["sale_sharing", "marketing"]),
            consent_mode: vec![
                ("analytics".into(), names(&["analytics_storage"])),
                (
                    "marketing".into(),
                    names(&["ad_storage", "ad_user_data", "ad_personalization"]),
                ),
                ("functional".into(), names(&["functionality_storage"])),
                (
                    "personalization".into(),
                    names(&["personalization_storage"]),
                ),
            ],
            precedence: None,
        }
    }
}

impl Mapping {
    /// Every purpose name the mapping refers to (for validation against a policy).
    pub fn purposes(&self) -> impl Iterator<Item = &str> {
        self.tcf
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(self.gpc.iter().map(String::as_str))
            .chain(self.dnt.iter().map(String::as_str))
            .chain(self.opt_out.iter().map(String::as_str))
            .chain(self.consent_mode.iter().map(|(p, _)| p.as_str()))
    }
}
