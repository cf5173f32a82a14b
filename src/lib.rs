//! consent-guard: consent-gated redaction of browser telemetry.
//!
//! A [`Guard`] holds a compiled policy and the user's consent. Each event (or raw request
//! body) goes through [`Guard::redact`]: an event whose purposes are not all granted is dropped
//! whole; each field is kept, dropped, masked, generalized or keyed-hashed by the rules; kept
//! strings are scanned for personal data. The result comes with a receipt that never holds a
//! value.
//!
//! ```
//! use consent_guard::Guard;
//! let mut guard = Guard::with_preset("scan-all", None).unwrap();
//! let out = guard.redact(r#"{"event":"signup","note":"mail jane@example.com"}"#);
//! assert_eq!(out.output.unwrap(), r#"{"event":"signup","note":"mail [email]"}"#);
//! ```
//!
//! The pipeline, one module each: [`policy`] -> [`consent`] -> [`select`] -> [`detect`] ->
//! [`action`] -> [`engine`] -> [`receipt`]. The WebAssembly bindings live in `wasm.rs`.

pub mod action;
pub mod base64;
pub mod codec;
pub mod consent;
pub mod detect;
pub mod engine;
pub mod glob;
pub mod guard;
pub mod json;
pub mod net;
pub mod policy;
pub mod receipt;
pub mod select;

/// Serde impls for native users (`serde` feature).
#[cfg(feature = "serde")]
mod serde_support;

/// The WebAssembly bindings (wasm32 only); public so the wasm-bindgen-test suites can call them.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{redact, Outcome};
pub use guard::{Guard, GuardError};
pub use receipt::{Counters, Receipt};
