#!/usr/bin/env bash
# Builds the package and runs every benchmark (size, detector quality, latency, throughput
# against JS peers, start-up in headless Chromium, memory over 1 000 000 events). ~4 minutes.
# EVENTS=200000 shortens the memory run; BENCH_MS sets time per throughput measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
bash scripts/build.sh
node bench/all.mjs
