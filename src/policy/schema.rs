//! Policy v1 as written in JSON. `read.rs` fills these strictly: unknown fields and values are
//! load errors, so a typo never becomes a rule that silently redacts nothing.
//! The JSON Schema in `schema/policy.v1.schema.json` describes the same shape.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// Must be 1.
    pub version: u32,
    pub id: Option<String>,
    pub description: Option<String>,
    /// A preset whose rules come first; this policy's rules and settings override it.
    pub extends: Option<String>,
    /// Purposes beyond the built-in ones.
    pub purposes: Vec<String>,
    /// Where an event's name is found, first match wins.
    pub event_name: Option<Vec<String>>,
    /// Where an event's timestamp is found (for hash rotation), first match wins.
    pub timestamp: Option<Vec<String>>,
    /// Arrays that hold events inside a raw request body (`batch`, `events`).
    pub batch: Option<Vec<String>>,
    /// What happens to fields no rule lists: `keep` (default) or `drop`.
    pub unlisted: Option<Unlisted>,
    /// What an event whose needed purposes are only unknown (not denied) gets: `deny`
    /// (default: dropped, reason `consent`) or `hold` (dropped with reason `consent_pending`,
    /// so the page can queue it until the user decides).
    pub unknown_consent: Option<UnknownConsent>,
    /// Session replay (events of a rule marked `replay`): `block` (default) or `redact`
    /// (decoded, every string in it redacted like any other, gated by its event rule).
    pub replay: Option<Replay>,
    /// The purposes that must all be granted before the SDKs may store identifiers and traits
    /// on the device (cookies, localStorage); default `["analytics"]`, as Consent Mode's
    /// `analytics_storage` and TCF purpose 1 (folded into every mapped purpose) read.
    pub storage: Option<Vec<String>>,
    /// Stamps each kept event with the purposes it may be used for.
    pub labels: Option<Labels>,
    /// Overrides of the default signals-to-purposes mapping.
    pub consent_signals: Option<ConsentSignals>,
    /// Per-subtree overrides of `unlisted`.
    pub subtrees: Vec<SubtreeRule>,
    pub scan: Option<Scan>,
    /// User-defined detectors (regular expressions).
    pub patterns: Vec<Pattern>,
    pub limits: Option<Limits>,
    pub events: Vec<EventRule>,
    pub rules: Vec<FieldRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    Block,
    Redact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlisted {
    Keep,
    Drop,
}

/// Each field, when present, replaces that part of the default mapping (README, "Mapping").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConsentSignals {
    pub tcf: Option<Vec<(String, Vec<u16>)>>,
    pub tcf_requires_purpose_one: Option<bool>,
    pub gpc: Option<Vec<String>>,
    pub dnt: Option<Vec<String>>,
    pub opt_out: Option<Vec<String>>,
    pub consent_mode: Option<Vec<(String, Vec<String>)>>,
    pub precedence: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownConsent {
    Deny,
    Hold,
}

/// `{at, purposes}`: the object `{purpose: granted}` is written at `at` (a key path).
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    pub at: String,
    pub purposes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubtreeRule {
    pub id: String,
    pub select: String,
    pub unlisted: Unlisted,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    /// Detector names, groups (`all`, `secrets`, `ip`) or pattern ids.
    pub detectors: Option<Vec<String>>,
    /// What to do with a hit; `{detector}` in a replacement names the detector.
    pub action: Option<Action>,
    /// Rebuild every URL found inside a scanned string, keeping only these query parameters
    /// (globs): a query is data no detector sees.
    pub urls: Option<UrlScan>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UrlScan {
    pub query: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub id: String,
    pub regex: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Limits {
    pub max_depth: Option<usize>,
    pub max_scan_bytes: Option<usize>,
    pub max_event_bytes: Option<usize>,
    /// Work user patterns may do per event: bytes scanned times the compiled pattern's size.
    pub max_pattern_work: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRule {
    pub id: String,
    /// Event names or globs.
    pub names: OneOrMany,
    pub purposes: Vec<String>,
    /// The events this rule matches are session replay (see `Policy::replay`).
    pub replay: bool,
    /// Selectors of which the event must hold at least one (a collector that routes by content,
    /// not by name: any event with `$snapshot_data` is a replay to PostHog).
    pub has: Option<OneOrMany>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldRule {
    pub id: String,
    pub select: OneOrMany,
    /// All of these must be granted for `granted` to apply; empty means always.
    pub purposes: Vec<String>,
    /// Default: keep.
    pub granted: Option<Action>,
    /// Default: drop.
    pub denied: Option<Action>,
    /// Overrides the policy's scanning for what this rule keeps.
    pub scan: Option<Scan>,
    /// Applied to the keys of a selected object (URLs as keys: PostHog's `$heatmap_data`).
    pub keys: Option<Action>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// What a rule does to a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave the value (strings are still scanned).
    Keep,
    /// Remove the field.
    Drop,
    /// Put a fixed token in its place.
    Replace { token: String },
    /// Keep the last characters; the rest become a fixed run of `char`, or one per character
    /// with `preserve_length`. Never reveals more than half of the value.
    Mask {
        keep_last: usize,
        mask_char: char,
        preserve_length: bool,
    },
    /// HMAC-SHA256 with the guard's key, truncated and prefixed.
    Hash {
        normalize: Normalize,
        /// Hex characters kept, 8 to 64.
        length: usize,
        prefix: String,
        rotate: Rotate,
    },
    /// Cut to at most `max` characters (after scanning).
    Truncate { max: usize },
    /// Rebuild a URL from its allowed parts.
    Url {
        /// Query parameter names (globs) to keep; all others are removed.
        query: Vec<String>,
        keep_fragment: bool,
        template_ids: bool,
        scan: bool,
        origin_only: bool,
        /// The value is free text: rebuild every URL inside it, scan the rest.
        embedded: bool,
    },
    /// Zero the host bits of an IP address.
    Ip { v4_prefix: u8, v6_prefix: u8 },
    /// Coarsen an ISO 8601 or epoch timestamp.
    Time { unit: TimeUnit },
    /// Reduce a user agent to browser family, major version and OS family.
    UserAgent,
    /// Round a number down to a bucket: multiples of `size`, or the largest bound not above it.
    Bucket {
        size: Option<f64>,
        bounds: Option<Vec<f64>>,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Normalize {
    #[default]
    None,
    Trim,
    Lower,
    /// Trim and lower-case: `" Jane@Example.com"` hashes like `"jane@example.com"`.
    Email,
    /// Digits only: phone numbers in any format hash alike.
    Digits,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rotate {
    #[default]
    None,
    Day,
    Week,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Minute,
    Hour,
    Day,
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::Keep => "keep",
            Action::Drop => "drop",
            Action::Replace { .. } => "replace",
            Action::Mask { .. } => "mask",
            Action::Hash { .. } => "hash",
            Action::Truncate { .. } => "truncate",
            Action::Url { .. } => "url",
            Action::Ip { .. } => "ip",
            Action::Time { .. } => "time",
            Action::UserAgent => "user_agent",
            Action::Bucket { .. } => "bucket",
        }
    }
}
