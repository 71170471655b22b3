#!/usr/bin/env bash
# pagewise's incremental cache: a cold check (empty cache), a warm re-check with nothing changed
# and a re-check after one edited file, in the same run on the same files, at N threads.
#
#   bench/cache.sh [--jobs N] [--runs R] PATH
#
# PATH is copied into a scratch folder first (the edit must not touch it). Each round empties the
# cache, runs cold, warm, then appends a comment line to one source file (the first .c in sorted
# order) and runs again, then takes the line back out. Prints the medians with min..max, warm/cold
# and edit/cold, peak RSS of each, and whether the warm and edited reports are byte for byte those
# of a check without the cache (JSON without its --stats). Builds Release into build-bench/ like
# bench/run.sh.
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build="$root/build-bench"
jobs=2
runs=5
path=""

die() { echo "bench/cache.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) [ $# -ge 2 ] || die "--jobs needs a value"; jobs=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [ -z "$path" ] || die "one PATH only"; path=$1; shift ;;
  esac
done
[ -n "$path" ] && [ -d "$path" ] || die "give the folder to check"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs wants a positive number"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number"

if ! grep -qs '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt"; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAGEWISE_TESTS=OFF -DPAGEWISE_BENCH=ON >/dev/null
fi
ninja -C "$build" pagewise >/dev/null || die "build failed (run: ninja -C $build pagewise)"
pagewise="$build/pagewise"

work=$(mktemp -d "${TMPDIR:-/tmp}/pagewise-cache-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$path" "$work/tree"
cache="$work/cache"
edited=$(cd "$work/tree" && find . -name '*.c' | LC_ALL=C sort | head -n 1)
[ -n "$edited" ] || die "no .c file in $path to edit"

# Runs check; prints "milliseconds peak_rss_kb" and leaves the report without --stats in $2.
run_check() {
  local mode=$1 report=$2 t0 t1
  local -a cache_args=(--cache-dir "$cache")
  [ "$mode" = none ] && cache_args=(--no-cache)
  t0=$(date +%s%N)
  (cd "$work/tree" && "$pagewise" check -j "$jobs" "${cache_args[@]}" --format json --stats \
    --fail-on never . >"$work/out.json")
  t1=$(date +%s%N)
  local rss
  rss=$(grep -o '"peak_rss_kb": *[0-9]*' "$work/out.json" | sed 's/.*: *//')
  sed '/"stats": {/,$d' "$work/out.json" >"$report"
  echo "$(((t1 - t0) / 1000000)) $rss"
}

median() { sort -n | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:int((v[NR/2]+v[NR/2+1])/2); print m, v[1], v[NR]}'; }

identical=yes
for r in $(seq 1 "$runs"); do
  rm -rf "$cache"
  read -r ms rss < <(run_check cache "$work/cold.json"); echo "$ms $rss" >>"$work/cold"
  read -r ms rss < <(run_check cache "$work/warm.json"); echo "$ms $rss" >>"$work/warm"
  echo "// an edit" >>"$work/tree/$edited"
  read -r ms rss < <(run_check cache "$work/edit.json"); echo "$ms $rss" >>"$work/edit"
  if [ "$r" = 1 ]; then
    run_check none "$work/fresh-edit.json" >/dev/null
    cmp -s "$work/edit.json" "$work/fresh-edit.json" || identical=no
  fi
  sed -i '$d' "$work/tree/$edited"
  cmp -s "$work/warm.json" "$work/cold.json" || identical=no
done

read -r cold cold_min cold_max < <(cut -d' ' -f1 "$work/cold" | median)
echo "cache on $(du -sh "$path" | cut -f1) at $path, -j $jobs, $runs round(s); edited: $edited"
for kind in cold warm edit; do
  read -r med lo hi < <(cut -d' ' -f1 "$work/$kind" | median)
  read -r rss _ _ < <(cut -d' ' -f2 "$work/$kind" | median)
  printf '  %-5s %6d ms (%d..%d)  %5.1f%% of cold  peak %d MB\n' "$kind" "$med" "$lo" "$hi" \
    "$(awk -v a="$med" -v b="$cold" 'BEGIN { print 100 * a / b }')" $((rss / 1024))
done
echo "  reports byte-identical to a check without the cache: $identical"
