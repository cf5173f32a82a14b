#!/usr/bin/env bash
# Builds the npm package in pkg/: cargo for wasm32, then wasm-bindgen, then the embedded module
# and package.json. Then installs the repository's npm packages (which use pkg/ as
# `consent-guard`). Generated files land in pkg/wasm/ and pkg/package.json (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown
rm -rf pkg/wasm
wasm-bindgen --target web --out-dir pkg/wasm \
  --remove-name-section --remove-producers-section \
  target/wasm32-unknown-unknown/release/consent_guard.wasm
node scripts/package.mjs

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || [ ! -e node_modules/consent-guard ]; then
  npm install --no-audit --no-fund --loglevel=error
fi

node scripts/build-www.mjs
node scripts/build-extension.mjs
