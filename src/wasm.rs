//! WebAssembly bindings: the only file that names wasm_bindgen or JsValue.
//!
//! Each export converts in, calls one core function, converts out. Events cross as JSON text:
//! a raw request body already is one, it measured level with serde-wasm-bindgen object
//! conversion (README, "Transport"), and it keeps serde out of the module.

use crate::codec::request::Request;
use crate::codec::BodyOptions;
use crate::engine::ReceiptDetail;
use crate::guard::{Guard, GuardError};
use crate::json::{self, Json};
use crate::policy;
use crate::receipt::Receipt;
use js_sys::{Error, Reflect};
use wasm_bindgen::prelude::*;

/// A JS `Error` with a stable `code`, and the first diagnostic's `rule` and `path`.
fn js_error(err: &GuardError) -> JsValue {
    let e = Error::new(&err.to_string());
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&e, &JsValue::from_str(k), &v);
    };
    match err {
        GuardError::Policy(diagnostics) => {
            set("code", "POLICY_INVALID".into());
            if let Some(first) = diagnostics.first() {
                set(
                    "rule",
                    first
                        .rule
                        .as_deref()
                        .map_or(JsValue::NULL, JsValue::from_str),
                );
                set("path", JsValue::from_str(&first.path));
            }
            set(
                "diagnosticsJson",
                JsValue::from_str(&policy::diagnostics_json(diagnostics)),
            );
        }
        GuardError::Consent(_) => set("code", "CONSENT_INVALID".into()),
        GuardError::KeyTooShort(_) => set("code", "KEY_INVALID".into()),
    }
    e.into()
}

/// Whether this build reads request bodies and consent signals (feature `codecs`). The lean
/// build keeps the exports and refuses in them; the code behind them is then never called and
/// the linker leaves it out.
const CODECS: bool = cfg!(feature = "codecs");
const LEAN_BODY: &str = "the lean module (consent-guard/lean) reads no request bodies: import 'consent-guard' instead in this page";
const LEAN_SIGNALS: &str = "the lean module (consent-guard/lean) decodes no consent signals: import 'consent-guard' instead in this page";

/// The error the lean build's signal exports throw.
fn lean_error() -> JsValue {
    let e = Error::new(LEAN_SIGNALS);
    let _ = Reflect::set(
        &e,
        &JsValue::from_str("code"),
        &JsValue::from_str("FEATURE_UNAVAILABLE"),
    );
    e.into()
}

#[wasm_bindgen]
pub struct WasmGuard {
    guard: Guard,
    receipt: Receipt,
    /// The query and headers `redactRequest` decided on, as JSON.
    request: String,
}

#[wasm_bindgen]
impl WasmGuard {
    #[wasm_bindgen(constructor)]
    pub fn new(policy_json: &str, key: Option<Vec<u8>>) -> Result<WasmGuard, JsValue> {
        let guard = Guard::new(policy_json, key).map_err(|e| js_error(&e))?;
        Ok(WasmGuard {
            guard,
            receipt: Receipt::default(),
            request: String::new(),
        })
    }

    /// Redacts a JSON text; None when nothing may be sent. The receipt is kept until the next
    /// call. `name`, when given, names the event for the event rules. Without `paths` the
    /// receipt's changes name no rule and no path (the caller will not read them; the counters
    /// do not need them).
    pub fn redact(&mut self, text: &str, name: Option<String>, paths: bool) -> Option<String> {
        let detail = if paths {
            ReceiptDetail::Full
        } else {
            ReceiptDetail::Counts
        };
        let outcome = self.guard.redact_with(text, name.as_deref(), detail);
        self.receipt = outcome.receipt;
        outcome.output
    }

    /// Redacts a request body (bytes in, bytes out; see `codec`). None when nothing may be sent.
    /// `allow_opaque` lets unreadable bodies through unchanged instead of blocking them.
    #[wasm_bindgen(js_name = redactBody)]
    pub fn redact_body(&mut self, bytes: &[u8], allow_opaque: bool) -> Option<Vec<u8>> {
        if !CODECS {
            self.receipt = lean_receipt();
            self.guard.count(&self.receipt);
            return None;
        }
        let options = BodyOptions {
            allow_opaque,
            ..BodyOptions::default()
        };
        let outcome = self.guard.redact_body(bytes, options);
        self.receipt = outcome.receipt;
        outcome.output
    }

    /// Redacts a whole request: `params` (JSON array of names) are the query parameters that
    /// may pass, `headers` (JSON array of [name, value]) what the page set, `name` (when the
    /// endpoint says what it carries) names its JSON body as one event. Returns the body to
    /// send (None: send nothing); `lastRequest` holds the query and headers to send with it.
    #[wasm_bindgen(js_name = redactRequest)]
    pub fn redact_request(
        &mut self,
        path: &str,
        query: &str,
        params: &str,
        headers: &str,
        body: &[u8],
        allow_opaque: bool,
        name: Option<String>,
    ) -> Option<Vec<u8>> {
        if !CODECS {
            self.receipt = lean_receipt();
            self.guard.count(&self.receipt);
            self.request = r#"{"query":"","headers":[]}"#.to_owned();
            return None;
        }
        let params = string_list(params);
        let headers = pair_list(headers);
        let req = Request {
            path,
            query,
            params: &params,
            headers: &headers,
            body,
        };
        let options = BodyOptions {
            allow_opaque,
            name: name.as_deref(),
            ..BodyOptions::default()
        };
        let outcome = self.guard.redact_request(&req, options);
        self.receipt = outcome.receipt;
        let mut out = String::from("{\"query\":");
        json::push_string(&mut out, &outcome.query);
        out.push_str(",\"headers\":[");
        for (i, (n, v)) in outcome.headers.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            json::push_string(&mut out, n);
            out.push(',');
            json::push_string(&mut out, v);
            out.push(']');
        }
        out.push_str("]}");
        self.request = out;
        outcome.body
    }

    /// The query and headers of the last `redactRequest`, as JSON `{query, headers}`.
    #[wasm_bindgen(js_name = lastRequest)]
    pub fn last_request(&self) -> String {
        self.request.clone()
    }

    /// The receipt of the last `redact`, as JSON.
    #[wasm_bindgen(js_name = lastReceipt)]
    pub fn last_receipt(&self) -> String {
        self.receipt.to_json()
    }

    #[wasm_bindgen(js_name = setConsent)]
    pub fn set_consent(&mut self, consent_json: &str) -> Result<(), JsValue> {
        self.guard
            .set_consent_json(consent_json)
            .map_err(|e| js_error(&e))
    }

    pub fn consent(&self) -> String {
        self.guard.consent_json()
    }

    /// Whether the policy's `storage` purposes are all granted.
    #[wasm_bindgen(js_name = storageAllowed)]
    pub fn storage_allowed(&self) -> bool {
        self.guard.storage_allowed()
    }

    pub fn counters(&self) -> String {
        self.guard.counters().to_json()
    }

    /// Consent signals under this guard's policy mapping and purposes.
    #[wasm_bindgen(js_name = consentFromSignals)]
    pub fn consent_from_signals(&self, input_json: &str) -> Result<String, JsValue> {
        if !CODECS {
            return Err(lean_error());
        }
        self.guard
            .consent_from_signals(input_json)
            .map_err(signals_error)
    }

    pub fn purposes(&self) -> String {
        string_array(self.guard.policy().purposes.names())
    }
}

/// Diagnostics for a policy text, as a JSON array (empty when it loads).
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(policy_json: &str, has_key: bool) -> String {
    policy::diagnostics_json(&policy::validate(policy_json, has_key))
}

fn signals_error(message: String) -> JsValue {
    let e = Error::new(&message);
    let _ = Reflect::set(
        &e,
        &JsValue::from_str("code"),
        &JsValue::from_str("SIGNALS_INVALID"),
    );
    e.into()
}

/// Decodes and combines consent signals (JSON in, JSON out) under the default mapping.
#[wasm_bindgen(js_name = consentFromSignals)]
pub fn consent_from_signals(input_json: &str) -> Result<String, JsValue> {
    if !CODECS {
        return Err(lean_error());
    }
    use crate::consent::{signals, Purposes};
    signals::evaluate_json(
        &Purposes::default(),
        &signals::Mapping::default(),
        input_json,
    )
    .map_err(signals_error)
}

/// The JSON of a built-in preset.
#[wasm_bindgen(js_name = presetPolicy)]
pub fn preset_policy(name: &str) -> Option<String> {
    policy::preset_text(name).map(str::to_owned)
}

#[wasm_bindgen(js_name = presetNames)]
pub fn preset_names() -> String {
    string_array(policy::PRESET_NAMES.iter().copied())
}

/// A JSON array of strings from the JS layer (anything else reads as empty: nothing allowed).
fn string_list(text: &str) -> Vec<String> {
    match json::parse(text, 4) {
        Ok(Json::Arr(items)) => items
            .iter()
            .filter_map(|v| match v {
                Json::Str(t) => Some(t.decoded().into_owned()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A JSON array of [name, value] pairs; entries of another shape are left out.
fn pair_list(text: &str) -> Vec<(String, String)> {
    match json::parse(text, 4) {
        Ok(Json::Arr(items)) => items
            .iter()
            .filter_map(|v| match v {
                Json::Arr(p) => match p.as_slice() {
                    [Json::Str(n), Json::Str(v)] => {
                        Some((n.decoded().into_owned(), v.decoded().into_owned()))
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn string_array<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let mut out = String::from("[");
    for (i, s) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::json::push_string(&mut out, s);
    }
    out.push(']');
    out
}

/// What the lean build answers for a request: nothing is sent, and the receipt says why.
fn lean_receipt() -> Receipt {
    use crate::receipt::Reason;
    Receipt::dropped_whole(Reason::Unreadable, Some(LEAN_BODY.to_owned()))
}
