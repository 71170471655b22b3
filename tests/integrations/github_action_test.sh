#!/usr/bin/env bash
# The GitHub Action's script (integrations/github/run-pagewise.sh) on examples/ with the built
# binary: it writes SARIF with the examples' findings, passes the action's outputs on, and exits
# per its fail-on input. Usage: github_action_test.sh PAGEWISE_BINARY
set -uo pipefail
pagewise=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
script="$root/integrations/github/run-pagewise.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run_action EXPECTED_STATUS FAIL_ON [PATHS]: runs the script in the repository root.
run_action() {
  local expected=$1 fail_on=$2 paths=${3:-examples}
  rm -f "$work/out.sarif" "$work/github_output"
  local status=0
  (cd "$root" && PAGEWISE="$pagewise" PAGEWISE_PATHS="$paths" PAGEWISE_FAIL_ON="$fail_on" \
    PAGEWISE_SARIF="$work/out.sarif" PAGEWISE_CATEGORY=examples GITHUB_OUTPUT="$work/github_output" \
    "$script" >"$work/log" 2>&1) || status=$?
  [ "$status" = "$expected" ] ||
    fail "fail-on $fail_on on $paths: exit status $status, expected $expected: $(cat "$work/log")"
  grep -qx "exit-code=$status" "$work/github_output" 2>/dev/null ||
    fail "fail-on $fail_on: no exit-code=$status in GITHUB_OUTPUT"
}

# The examples have warnings and errors: every threshold but never fails.
run_action 0 never
[ -s "$work/out.sarif" ] || fail "no SARIF written"
grep -q '"version": *"2.1.0"' "$work/out.sarif" || fail "not SARIF 2.1.0"
grep -q '"ruleId": *"resident/spin-lock"' "$work/out.sarif" || fail "the examples' findings are missing"
grep -qx "sarif-file=$work/out.sarif" "$work/github_output" || fail "no sarif-file output"
run_action 1 warning
run_action 1 error
[ -s "$work/out.sarif" ] || fail "no SARIF written when the findings fail the run"
run_action 0 never "examples/wdm-ramdisk
examples/kmdf-sensor"
grep -q 'kmdf-sensor' "$work/out.sarif" || fail "the second of two paths was not checked"
run_action 2 warning examples/no-such-driver
run_action 2 sometimes
PAGEWISE=/no/such/pagewise "$script" >/dev/null 2>&1
[ $? = 2 ] || fail "a missing binary is not exit status 2"

# action.yml runs this script and uploads what it writes, under the category input.
action="$root/integrations/github/action.yml"
grep -q 'run-pagewise.sh' "$action" || fail "action.yml does not run run-pagewise.sh"
grep -q 'uses: github/codeql-action/upload-sarif@' "$action" || fail "action.yml does not upload SARIF"
grep -q 'category: ${{ inputs.category }}' "$action" || fail "action.yml does not pass the category on"

[ "$failures" = 0 ] && echo "github action: all checks passed"
exit "$failures"
