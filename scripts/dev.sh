#!/usr/bin/env bash
# The main job: installs what the build needs, builds pkg/, and serves the demo in www/ on
# http://127.0.0.1:${PORT:-8080}/ (loopback only). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node www/serve.mjs
