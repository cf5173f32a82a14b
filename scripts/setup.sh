#!/usr/bin/env bash
# Installs what the build and tests need, idempotently: the wasm32 target, wasm-bindgen-cli at
# the version pinned in Cargo.toml, and (with --browser) Debian's chromium + chromium-driver.
# npm packages are installed by build.sh once pkg/ exists.
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_BROWSER=0
for arg in "$@"; do
  case "$arg" in
    --browser) WANT_BROWSER=1 ;;
    *) echo "setup.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

# The CLI must equal the wasm-bindgen crate version exactly (Cargo.toml pins it with '=').
WB_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WB_VERSION"; then
  # No --locked: its lockfile pins a crate version the reachable registry index lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

if [ "$WANT_BROWSER" = 1 ] && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! command -v node >/dev/null; then
  echo "setup.sh: Node.js >= 20 is required" >&2
  exit 1
fi
