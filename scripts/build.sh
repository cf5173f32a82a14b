#!/usr/bin/env bash
# Builds the npm package in pkg/: cargo for wasm32, then wasm-bindgen, then the embedded module
# and package.json. Then installs the repository's npm packages (which use pkg/ as
# `consent-guard`). Generated files land in pkg/wasm/ and pkg/package.json (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

# The lean module first (no request-body codecs or signal decoders, for consent-guard/lean),
# then the whole one. Both share one glue: their imports and exports are the same by design
# (tests/js/lean.test.mjs checks it), so only the lean .wasm is kept. The glue names no default
# .wasm path (--omit-default-module-path): the entries name theirs, and a bundler would ship
# the whole module next to a lean bundle for a path nothing fetches.
cargo build --release --target wasm32-unknown-unknown --no-default-features
rm -rf pkg/wasm target/lean-bindgen
wasm-bindgen --target web --out-dir target/lean-bindgen \
  --remove-name-section --remove-producers-section --omit-default-module-path \
  target/wasm32-unknown-unknown/release/consent_guard.wasm
cargo build --release --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir pkg/wasm \
  --remove-name-section --remove-producers-section --omit-default-module-path \
  target/wasm32-unknown-unknown/release/consent_guard.wasm
cp target/lean-bindgen/consent_guard_bg.wasm pkg/wasm/consent_guard_lean_bg.wasm
node scripts/package.mjs

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || [ ! -e node_modules/consent-guard ]; then
  npm install --no-audit --no-fund --loglevel=error
fi

node scripts/build-www.mjs
node scripts/build-extension.mjs
