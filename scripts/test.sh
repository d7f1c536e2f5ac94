#!/usr/bin/env bash
# Builds and runs every test: the default build (labels unit, checker, realworld, integration,
# perf) and the ThreadSanitizer build (labels unit, stress, and http: the HTTP server's integration
# tests). Installs missing packages first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
jobs=${HAWK_JOBS:-$(nproc)}

echo "== default build =="
cmake --preset default
cmake --build --preset default -j "$jobs"
ctest --preset default -j "$jobs"

echo "== ThreadSanitizer build =="
cmake --preset tsan
cmake --build --preset tsan -j "$jobs"
ctest --preset tsan -j "$jobs" -L 'unit|stress|http'
