#!/usr/bin/env bash
# Regenerates docs/report-screenshot.png, the README's picture of the HTML report: pagewise checks
# examples/wdm-ramdisk with --format html and headless Chromium photographs the page
# (tests/browser/screenshot.mjs). Installs what it needs first (scripts/setup.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
build=${PAGEWISE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --parallel --target pagewise
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
"$build/pagewise" check --format html -o "$tmp/report.html" examples/wdm-ramdisk || status=$?
if [ "$status" -gt 1 ]; then
  echo "report-screenshot: pagewise failed with exit status $status" >&2
  exit "$status"
fi
node tests/browser/screenshot.mjs "$tmp/report.html" docs/report-screenshot.png
