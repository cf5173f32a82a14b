//! Policy v1: the schema as written, its checks, built-in presets, and the compiled form.

mod compile;
mod diagnostic;
mod load;
mod presets;
mod read;
mod schema;
mod validate;

pub use compile::{CompiledEventRule, CompiledPolicy, CompiledRule, Limits, ScanConfig, Target};
pub use diagnostic::{codes, to_json as diagnostics_json, Diagnostic};
pub use load::{load, parse, resolve, validate};
pub use presets::{preset_text, NAMES as PRESET_NAMES};
pub use schema::{Action, Normalize, Policy, Rotate, TimeUnit, Unlisted};
