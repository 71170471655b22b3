#!/usr/bin/env bash
# The logic of the pagewise GitHub Action (action.yml), kept in a script so that it runs, and is
# tested, anywhere bash does. Runs `pagewise check` on the given paths, writes SARIF, and exits
# with pagewise's own status: 0 no finding at or above fail-on, 1 findings, 2 usage or input error.
#
# Inputs come from the environment, as the action passes them:
#   PAGEWISE          the pagewise binary (default: `pagewise` on PATH)
#   PAGEWISE_PATHS    files or folders to check, one per line (default: .)
#   PAGEWISE_FAIL_ON  error | warning | note | never (default: warning)
#   PAGEWISE_SARIF    the SARIF file to write (default: pagewise.sarif)
#   PAGEWISE_CATEGORY the code-scanning category, given to pagewise too when it knows
#                     --sarif-category (several uploads per commit then keep apart)
#   PAGEWISE_ARGS     more options for `pagewise check`, split at white space (e.g. "--config Debug")
# When GITHUB_OUTPUT is set, `sarif-file` and `exit-code` are written to it.
set -uo pipefail

# The action's outputs, then the status: the last step of the action fails the job with it.
finish() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    [ -f "$sarif" ] && echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
    echo "exit-code=$1" >>"$GITHUB_OUTPUT"
  fi
  exit "$1"
}

pagewise=${PAGEWISE:-pagewise}
fail_on=${PAGEWISE_FAIL_ON:-warning}
sarif=${PAGEWISE_SARIF:-pagewise.sarif}

case "$fail_on" in
  error | warning | note | never) ;;
  *)
    echo "pagewise-action: error: fail-on must be error, warning, note or never, not '$fail_on'" >&2
    finish 2
    ;;
esac
if ! command -v "$pagewise" >/dev/null 2>&1; then
  echo "pagewise-action: error: no pagewise binary at '$pagewise' (set the action's pagewise input)" >&2
  finish 2
fi

paths=()
while IFS= read -r p; do
  [ -n "$p" ] && paths+=("$p")
done <<<"${PAGEWISE_PATHS:-.}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)

# Word splitting is wanted here: PAGEWISE_ARGS is a list of options.
# shellcheck disable=SC2206
extra=(${PAGEWISE_ARGS:-})
if [ -n "${PAGEWISE_CATEGORY:-}" ] && "$pagewise" check --help 2>/dev/null | grep -q -- '--sarif-category'; then
  extra+=(--sarif-category "$PAGEWISE_CATEGORY")
fi

mkdir -p "$(dirname "$sarif")"
status=0
"$pagewise" check --format sarif --output "$sarif" --fail-on "$fail_on" "${extra[@]}" -- "${paths[@]}" ||
  status=$?

case "$status" in
  0) echo "pagewise-action: no finding at or above '$fail_on'; SARIF in $sarif" ;;
  1) echo "pagewise-action: findings at or above '$fail_on'; SARIF in $sarif" ;;
  *) echo "pagewise-action: pagewise failed (exit status $status)" >&2 ;;
esac
finish "$status"
