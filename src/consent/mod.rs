//! Purposes, the user's consent to them, and the consent signals a page already has.

mod purpose;
pub mod signals;
mod state;

pub use purpose::{is_valid_name as purpose_name_ok, PurposeSet, Purposes, BUILTIN_PURPOSES};
pub use state::{ConsentError, ConsentState, Decision};
