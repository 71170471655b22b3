#!/usr/bin/env bash
# Builds pagewise with warnings as errors, and the Windows .exe (scripts/build-windows.sh), and runs
# the whole test suite (unit tests, fixtures, the .exe under wine).
# Installs what it needs first (scripts/setup.sh); safe to run again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
build=${PAGEWISE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAGEWISE_WERROR=ON -DPAGEWISE_TESTS=ON >/dev/null
cmake --build "$build" --parallel
# The Windows .exe, cross-built with mingw-w64; the windows test runs it under wine.
PAGEWISE_JOBS=${PAGEWISE_JOBS:-$(nproc)} scripts/build-windows.sh
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)"
