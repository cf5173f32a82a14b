#!/usr/bin/env bash
# Runs every test, installing what it needs first (idempotent): lint, native Rust tests, the
# package build, the wasm-bindgen-test suite in Node and headless Chromium, the JS tests
# against the built package, the browser end-to-end tests, and the packaging tests (bundler
# samples, the npm tarball).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "setup"
bash scripts/setup.sh --browser

step "format and lint"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --features serde -- -D warnings

step "native tests"
cargo test
cargo test --features serde --test serde

step "build pkg/"
bash scripts/build.sh

step "wasm-bindgen-test in Node"
cargo test --target wasm32-unknown-unknown --test node

step "wasm-bindgen-test in headless Chromium"
cargo test --target wasm32-unknown-unknown --test browser

step "JS tests against the built package (Node) and in Chromium"
node --test --test-concurrency=1 tests/js/ tests/e2e/

step "packaging: the default entry through esbuild, Vite, Rollup and webpack in Chromium; the npm tarball"
node --test --test-concurrency=1 tests/packaging/
