#!/usr/bin/env bash
# The progress line: never on redirected standard error, shown on a terminal when the run takes
# more than a second. The terminal is a pseudo-terminal from `script` (Debian's bsdutils).
# Usage: progress_test.sh PAGEWISE_BINARY
set -uo pipefail
pagewise=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# A driver big enough that one thread takes well over a second on it.
mkdir -p "$work/drv"
for f in $(seq 1 200); do
  {
    for i in $(seq 1 200); do
      echo "int g_${f}_$i; void fn_${f}_$i(int x) { if (x) { g_${f}_$i += x; fn_${f}_$((i % 200 + 1))(x - 1); } }"
    done
  } >"$work/drv/f$f.c"
done

unset CI
start=$(date +%s%N)
"$pagewise" check --no-cache -j 1 "$work/drv" >"$work/out" 2>"$work/err"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
grep -q 'pagewise: parsed\|pagewise: checked\|pagewise: finding' "$work/err" &&
  fail "progress written to redirected standard error"
"$pagewise" check --no-cache -j 1 "$work/drv" 2>&1 | grep -q 'pagewise: parsed\|pagewise: checked' &&
  fail "progress written to a pipe"

if ! command -v script >/dev/null; then
  fail "script (bsdutils) is not installed"
elif [ "$elapsed_ms" -lt 1300 ]; then
  echo "progress: the run took ${elapsed_ms} ms, too short to show progress; terminal case skipped"
else
  TERM=xterm script -qec "'$pagewise' check --no-cache -j 1 '$work/drv' >/dev/null" /dev/null >"$work/tty" 2>&1
  grep -q 'pagewise: \(parsed [0-9]*/200 files\|checked 0/1 units\)' "$work/tty" ||
    fail "no progress line on a terminal: $(head -c 400 "$work/tty" | od -c | head)"
  CI=true TERM=xterm script -qec "'$pagewise' check --no-cache -j 1 '$work/drv' >/dev/null" /dev/null >"$work/ci" 2>&1
  grep -q 'pagewise: ' "$work/ci" && fail "progress line shown with CI set"
  # A quick run on a terminal shows nothing.
  mkdir -p "$work/small" && echo 'void A(void) {}' >"$work/small/a.c"
  TERM=xterm script -qec "'$pagewise' check '$work/small' >/dev/null" /dev/null >"$work/quick" 2>&1
  grep -q 'pagewise: ' "$work/quick" && fail "progress line on a run under a second"
fi

[ "$failures" = 0 ] && echo "progress: all checks passed"
exit "$failures"
