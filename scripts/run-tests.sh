#!/usr/bin/env bash
# Builds pagewise with warnings as errors and runs the whole test suite (unit tests and fixtures).
# Installs what it needs first (scripts/setup.sh); safe to run again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
build=${PAGEWISE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAGEWISE_WERROR=ON -DPAGEWISE_TESTS=ON >/dev/null
cmake --build "$build" --parallel
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)"
