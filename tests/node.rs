//! wasm-bindgen-test suite in Node: `cargo test --target wasm32-unknown-unknown --test node`.
#![cfg(target_arch = "wasm32")]

#[path = "wasm/suite.rs"]
mod suite;
