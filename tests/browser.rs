//! wasm-bindgen-test suite in headless Chromium (chromedriver on PATH):
//! `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "wasm/suite.rs"]
mod suite;
