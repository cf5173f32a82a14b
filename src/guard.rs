//! A guard: one compiled policy, the current consent, the hash key and running counters.
//! The engine stays a pure function; the guard is the state around it.

use crate::codec::request::{self, Request, RequestOutcome};
use crate::codec::{self, BodyOptions, BodyOutcome};
use crate::consent::{ConsentError, ConsentState, Decision};
use crate::engine::{self, Outcome, ReceiptDetail};
use crate::policy::{self, CompiledPolicy, Diagnostic, Policy};
use crate::receipt::Counters;

/// Keys shorter than this are refused: a short HMAC key is guessable.
pub const MIN_KEY_BYTES: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GuardError {
    /// The policy did not load; every problem is listed.
    Policy(Vec<Diagnostic>),
    Consent(ConsentError),
    KeyTooShort(usize),
}

impl std::fmt::Display for GuardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GuardError::Policy(d) => match d.first() {
                Some(first) if d.len() > 1 => write!(f, "{first} (and {} more)", d.len() - 1),
                Some(first) => write!(f, "{first}"),
                None => f.write_str("invalid policy"),
            },
            GuardError::Consent(e) => write!(f, "{e}"),
            GuardError::KeyTooShort(n) => {
                write!(
                    f,
                    "hash key must be at least {MIN_KEY_BYTES} bytes, got {n}"
                )
            }
        }
    }
}

impl std::error::Error for GuardError {}

#[derive(Debug, Clone)]
pub struct Guard {
    policy: CompiledPolicy,
    consent: ConsentState,
    key: Option<Vec<u8>>,
    counters: Counters,
    /// The engine's buffers, kept from one `redact` to the next.
    scratch: engine::Scratch,
}

impl Guard {
    /// Loads `policy_json` (or, if it is a bare preset name, that preset).
    pub fn new(policy_json: &str, key: Option<Vec<u8>>) -> Result<Self, GuardError> {
        Self::build(key, |has_key| policy::load(policy_json, has_key))
    }

    /// A guard from a policy already read (with the `serde` feature, from any serde format).
    pub fn from_policy(policy: Policy, key: Option<Vec<u8>>) -> Result<Self, GuardError> {
        Self::build(key, |has_key| policy::resolve(policy, has_key))
    }

    /// The key is checked before the policy is compiled (a short key is the error reported).
    fn build(
        key: Option<Vec<u8>>,
        compile: impl FnOnce(bool) -> Result<CompiledPolicy, Vec<Diagnostic>>,
    ) -> Result<Self, GuardError> {
        if let Some(k) = &key {
            if k.len() < MIN_KEY_BYTES {
                return Err(GuardError::KeyTooShort(k.len()));
            }
        }
        let policy = compile(key.is_some()).map_err(GuardError::Policy)?;
        Ok(Guard {
            policy,
            consent: ConsentState::new(),
            key,
            counters: Counters::default(),
            scratch: engine::Scratch::default(),
        })
    }

    /// Sets decisions by purpose name; on an unknown purpose nothing changes.
    pub fn set_consent(&mut self, decisions: &[(&str, Decision)]) -> Result<(), GuardError> {
        let mut text = String::from("{");
        for (i, (purpose, decision)) in decisions.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            crate::json::push_string(&mut text, purpose);
            text.push(':');
            crate::json::push_string(&mut text, decision.as_str());
        }
        text.push('}');
        self.set_consent_json(&text)
    }

    /// A guard running a built-in preset as it is.
    pub fn with_preset(name: &str, key: Option<Vec<u8>>) -> Result<Self, GuardError> {
        let mut text = String::from("{\"version\":1,\"extends\":");
        crate::json::push_string(&mut text, name);
        text.push('}');
        Self::new(&text, key)
    }

    pub fn policy(&self) -> &CompiledPolicy {
        &self.policy
    }

    /// Merges a JSON text `{purpose: decision}` into the consent; on error nothing changes.
    pub fn set_consent_json(&mut self, consent: &str) -> Result<(), GuardError> {
        self.consent
            .merge_text(&self.policy.purposes, consent)
            .map_err(GuardError::Consent)
    }

    pub fn consent(&self) -> &ConsentState {
        &self.consent
    }

    /// Whether the SDKs may store identifiers and traits on the device: every purpose the
    /// policy's `storage` names is granted.
    pub fn storage_allowed(&self) -> bool {
        self.policy.storage.within(self.consent.granted())
    }

    pub fn consent_json(&self) -> String {
        self.consent.to_json(&self.policy.purposes)
    }

    /// Decodes and combines consent signals (JSON) under this policy's mapping and purposes.
    pub fn consent_from_signals(&self, input: &str) -> Result<String, String> {
        let p = &self.policy;
        crate::consent::signals::evaluate_json(&p.purposes, &p.signal_mapping, input)
    }

    /// Redacts one JSON text and counts the outcome.
    pub fn redact(&mut self, text: &str) -> Outcome {
        self.redact_with(text, None, ReceiptDetail::Full)
    }

    /// Redacts one JSON event under the event rules for `name`, whatever the event's own
    /// name fields say, and counts the outcome.
    pub fn redact_named(&mut self, text: &str, name: &str) -> Outcome {
        self.redact_with(text, Some(name), ReceiptDetail::Full)
    }

    /// [`Guard::redact`] (with a `name`, [`Guard::redact_named`]) with the receipt built to
    /// `detail`: a caller that only counts asks for [`ReceiptDetail::Counts`].
    pub fn redact_with(
        &mut self,
        text: &str,
        name: Option<&str>,
        detail: ReceiptDetail,
    ) -> Outcome {
        let (policy, key) = (&self.policy, self.key.as_deref());
        let scratch = &mut self.scratch;
        let outcome =
            engine::redact_reusing(policy, &self.consent, key, text, name, detail, scratch);
        self.counters.add(&outcome.receipt);
        outcome
    }

    /// Redacts a request body in whatever format the bytes show (see [`codec`]), each event
    /// inside under this policy, and counts the outcome once for the whole body.
    pub fn redact_body(&mut self, bytes: &[u8], options: BodyOptions) -> BodyOutcome {
        let outcome = codec::redact_body(
            &self.policy,
            &self.consent,
            self.key.as_deref(),
            bytes,
            options,
        );
        self.counters.add(&outcome.receipt);
        outcome
    }

    /// Redacts a whole telemetry request (query, headers, body) and counts it once.
    pub fn redact_request(&mut self, req: &Request<'_>, options: BodyOptions) -> RequestOutcome {
        let key = self.key.as_deref();
        let outcome = request::redact_request(&self.policy, &self.consent, key, req, options);
        self.counters.add(&outcome.receipt);
        outcome
    }

    /// Counts an outcome decided outside the engine (the lean Wasm build refusing a body).
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn count(&mut self, receipt: &crate::receipt::Receipt) {
        self.counters.add(receipt);
    }

    pub fn counters(&self) -> &Counters {
        &self.counters
    }
}
