#!/usr/bin/env bash
# Fails when a C++ file of pagewise's own code differs from what clang-format makes of it with the
# repository's .clang-format. The driver sources that tests and tools analyse or compile (fixtures,
# examples, the browser test's driver, the size-calibration drivers) are left as written: their
# layout is part of what they test. clang-format 14 is Debian 12's; other versions format
# differently, so the version is pinned (scripts/setup.sh installs it).
#   scripts/check-format.sh          list the files that are not formatted (exit 1 if any)
#   scripts/check-format.sh --fix    format them in place
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fmt=${CLANG_FORMAT:-clang-format-14}
command -v "$fmt" >/dev/null || { echo "check-format: $fmt not found (scripts/setup.sh installs it)" >&2; exit 2; }
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
  'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp' \
  'tools/*.cpp' 'tools/*.hpp' | grep -vE '^(tests/fixtures|tests/browser/fixture|examples|tools/size-calibration/src)/' || true)
[ "${#files[@]}" -gt 0 ] || { echo "check-format: no files found (is this a git checkout?)" >&2; exit 2; }
if [ "${1:-}" = --fix ]; then
  "$fmt" -i "${files[@]}"
  exit 0
fi
bad=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  if ! "$fmt" "$f" | cmp -s - "$f"; then
    echo "not formatted: $f (scripts/check-format.sh --fix)"
    bad=1
  fi
done
[ "$bad" = 0 ] && echo "check-format: ${#files[@]} files formatted"
exit "$bad"
