#!/usr/bin/env bash
# Builds pagewise and runs it on the example drivers in examples/. Installs what it needs first
# (scripts/setup.sh); safe to run again. The examples have planted bugs, so pagewise reports
# findings (exit status 1); this script succeeds when pagewise ran to the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
build=${PAGEWISE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --parallel --target pagewise
status=0
"$build/pagewise" check examples/ || status=$?
if [ "$status" -gt 1 ]; then
  echo "run-examples: pagewise failed with exit status $status" >&2
  exit "$status"
fi
