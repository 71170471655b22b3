#!/usr/bin/env bash
# The triage of pagewise's findings on public driver trees: fetches each tree of trees.tsv at its
# pinned commit (outside this repository), runs `pagewise check --format json` on it and compares
# the findings with the judged ones in ledger.tsv (pagewise-triage). See README.md beside this file.
#
# usage: bench/triage/run.sh (--mirrors DIR | --clone-prefix URL) [--work DIR] [--only NAME]...
#                            [--unjudged all|errors|none]
#   --mirrors DIR       git repositories already on this machine, as DIR/<owner>+<name>/repo or
#                       DIR/<owner>/<name>(.git)
#   --clone-prefix URL  clone each tree from URL<owner>/<name> (for example a git host's https
#                       address ending in a slash)
#   --work DIR          where trees and reports go (default: /tmp/pagewise-triage)
#   --only NAME         this tree only (repeatable); the tallies then cover those trees
#   --unjudged WHICH    which unjudged findings to list (default all)
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$root/build-bench"
work=/tmp/pagewise-triage
mirrors=""
prefix=""
only=()
unjudged=all

die() { echo "bench/triage/run.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --mirrors) [ $# -ge 2 ] || die "--mirrors needs a folder"; mirrors=$2; shift 2 ;;
    --clone-prefix) [ $# -ge 2 ] || die "--clone-prefix needs a URL"; prefix=$2; shift 2 ;;
    --work) [ $# -ge 2 ] || die "--work needs a folder"; work=$2; shift 2 ;;
    --only) [ $# -ge 2 ] || die "--only needs a tree name"; only+=("$2"); shift 2 ;;
    --unjudged) [ $# -ge 2 ] || die "--unjudged needs all, errors or none"; unjudged=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done
[ -n "$mirrors" ] || [ -n "$prefix" ] || die "say where the trees come from: --mirrors DIR or --clone-prefix URL"

# --- build pagewise and the comparer (Release, as the benchmark) --------------------------------
if ! grep -qs '^PAGEWISE_BENCH:BOOL=ON$' "$build/CMakeCache.txt"; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAGEWISE_TESTS=OFF \
    -DPAGEWISE_BENCH=ON >/dev/null
fi
ninja -C "$build" pagewise pagewise-triage >/dev/null || die "build failed (ninja -C $build)"

# The source of a tree: a mirror on this machine, else a clone from the prefix.
source_of() {
  local repo=$1 owner=${1%%/*} name=${1#*/}
  if [ -n "$mirrors" ]; then
    for d in "$mirrors/$owner+$name/repo" "$mirrors/$owner/$name" "$mirrors/$owner/$name.git"; do
      [ -d "$d" ] && { echo "$d"; return; }
    done
    [ -n "$prefix" ] || die "no mirror of $repo under $mirrors"
  fi
  echo "$prefix$repo"
}

# A checkout at the pinned commit with every file as committed: no end-of-line or working-tree
# encoding conversion (a tree whose .gitattributes asks for UTF-16 .inf files would not check out).
checkout() {
  local name=$1 repo=$2 commit=$3 dir="$work/trees/$1"
  if [ "$(git -C "$dir" rev-parse HEAD 2>/dev/null)" = "$commit" ]; then return; fi
  rm -rf "$dir"
  git clone -q --no-checkout "$(source_of "$repo")" "$dir" || die "cannot clone $repo"
  printf '* -text -working-tree-encoding\n' >"$dir/.git/info/attributes"
  git -C "$dir" rev-parse -q --verify "$commit^{commit}" >/dev/null || die "$repo has no commit $commit"
  git -C "$dir" checkout -q -f --detach "$commit" 2>/dev/null && return
  # A file the source lacks (a large binary, an LFS object) fails the whole checkout: take the
  # files one by one and leave out those that cannot be had.
  git -C "$dir" update-ref --no-deref HEAD "$commit"
  git -C "$dir" ls-tree -r -z --name-only HEAD | while IFS= read -r -d '' f; do
    git -C "$dir" checkout -q HEAD -- "$f" 2>/dev/null || echo "  left out: $name/$f" >&2
  done
}

mkdir -p "$work/trees" "$work/reports"
trees="$work/trees.tsv"
: >"$trees"
while IFS=$'\t' read -r name repo commit set; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ "${#only[@]}" -gt 0 ] && [[ ! " ${only[*]} " == *" $name "* ]]; then continue; fi
  checkout "$name" "$repo" "$commit"
  status=0
  (cd "$work/trees/$name" && "$build/pagewise" check . --format json --fail-on never \
      -o "$work/reports/$name.json") || status=$?
  [ "$status" = 0 ] || die "pagewise check failed on $name (status $status)"
  printf '%s\t%s\t%s\t%s\n' "$name" "$repo" "$commit" "$set" >>"$trees"
done <"$here/trees.tsv"

"$build/bench/pagewise-triage" "$trees" "$here/ledger.tsv" "$work/reports" --unjudged "$unjudged"
