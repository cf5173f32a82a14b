//! Purposes and the user's consent to them.

mod purpose;
mod state;

pub use purpose::{is_valid_name as purpose_name_ok, PurposeSet, Purposes, BUILTIN_PURPOSES};
pub use state::{ConsentError, ConsentState, Decision};
