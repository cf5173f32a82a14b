//! Helpers shared by the seam tests: guards by preset or policy, consent shorthands, and
//! searching outputs for planted values.
#![allow(dead_code)]

use consent_guard::codec::BodyOptions;
use consent_guard::Guard;

pub const NOTHING: &str = "{}";
pub const ANALYTICS: &str = r#"{"analytics":true}"#;
pub const EVERYTHING: &str = r#"{"analytics":true,"functional":true,"marketing":true,"personalization":true,"ai_training":true,"sale_sharing":true}"#;

pub const PRESETS: [&str; 6] = [
    "posthog",
    "segment",
    "sentry",
    "amplitude",
    "mixpanel",
    "otel",
];

/// A guard for a preset name or a policy JSON text, under `consent`.
pub fn guard(policy: &str, consent: &str) -> Guard {
    let mut g = if policy.trim_start().starts_with('{') {
        Guard::new(policy, None)
    } else {
        Guard::with_preset(policy, None)
    }
    .unwrap_or_else(|e| panic!("{policy}: {e}"));
    g.set_consent_json(consent).unwrap();
    g
}

/// A raw JSON body through `redactJson`'s path.
pub fn redact_text(policy: &str, consent: &str, text: &str) -> Option<String> {
    guard(policy, consent).redact(text).output
}

/// A request body through the codecs, as the interceptor sends it.
pub fn redact_bytes(policy: &str, consent: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    guard(policy, consent)
        .redact_body(bytes, BodyOptions::default())
        .output
}

/// Panics if any of `canaries` appears in `out`.
pub fn assert_gone(out: &str, canaries: &[&str], what: &str) {
    for c in canaries {
        assert!(!out.contains(c), "{what}: {c} survived in {out}");
    }
}
