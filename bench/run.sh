#!/usr/bin/env bash
# pagewise benchmark: `pagewise check` against the parse-only floor, at 1 and N threads.
#
# usage: bench/run.sh [--jobs N] [--runs R] [PATH...]
#   --jobs N   the parallel run uses N threads (default 2); the serial run always uses 1
#   --runs R   timed repetitions of each command (default 5); the table shows medians
#   PATH...    folders to measure (default: bench/corpus, generated on first use)
#
# Needs bash, coreutils and the tools it builds: no python, no jq, no bc. JSON numbers are cut
# out with grep/sed and all arithmetic is integer (nanoseconds, bytes), printed as fixed point.
set -euo pipefail
shopt -s inherit_errexit  # a failing tool inside $(...) stops the run too

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build="$root/build-bench"
jobs=2
runs=5
paths=()

die() { echo "bench/run.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) [ $# -ge 2 ] || die "--jobs needs a value"; jobs=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) paths+=("$1"); shift ;;
  esac
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs wants a positive number"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number"

# --- build (Release; ninja makes this a no-op when nothing changed) -----------------------------
if ! grep -qs '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt"; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAGEWISE_TESTS=OFF >/dev/null
fi
ninja -C "$build" pagewise pagewise-parse-floor pagewise-gen-corpus >/dev/null ||
  die "build failed (run: ninja -C $build pagewise pagewise-parse-floor pagewise-gen-corpus)"
pagewise="$build/pagewise"
floor="$build/bench/pagewise-parse-floor"
gen="$build/bench/pagewise-gen-corpus"

# --- input --------------------------------------------------------------------------------------
if [ ${#paths[@]} -eq 0 ]; then
  corpus="$here/corpus"
  if [ ! -d "$corpus" ]; then
    # Generated beside its final place and renamed at the end, so an interrupted run never
    # leaves a half corpus that later runs would take for the whole one.
    rm -rf "$corpus.partial"
    echo "generating the corpus into $corpus ..." >&2
    "$gen" "$corpus.partial" >/dev/null
    mv "$corpus.partial" "$corpus"
  fi
  paths=("$corpus")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pagewise-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- helpers ------------------------------------------------------------------------------------

# json_number KEY FILE: the last numeric value of "KEY" in FILE (pagewise puts its stats last).
json_number() {
  grep -o "\"$1\": *[0-9][0-9.]*" "$2" | tail -n 1 | sed 's/.*: *//'
}

# fixed3 N: N thousandths as a decimal with three places.
fixed3() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
# fixed2 N: N hundredths with two places.
fixed2() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# median, min, max of integers on stdin (one a line); the median of an even count is the mean of
# the two middle values.
stats3() {
  local -a v
  mapfile -t v < <(sort -n)
  local n=${#v[@]} med
  if [ $((n % 2)) -eq 1 ]; then med=${v[n / 2]}; else med=$(((v[n / 2 - 1] + v[n / 2]) / 2)); fi
  echo "$med ${v[0]} ${v[n - 1]}"
}

# children_cpu_ms: sets REPLY to the user + system milliseconds of this shell's finished
# children, from the `times` builtin (second line: "0m1.234s 0m0.056s"). It must run in the
# shell that waited for the tool, not in a $(...) copy of it, whose own count starts at zero.
children_cpu_ms() {
  local user sys t total=0
  times >"$work/times"
  { read -r _ _; read -r user sys; } <"$work/times"
  for t in "$user" "$sys"; do
    [[ "$t" =~ ^([0-9]+)m([0-9]+)[.,]([0-9]{3})s$ ]] || continue
    total=$((total + (BASH_REMATCH[1] * 60 + 10#${BASH_REMATCH[2]}) * 1000 + 10#${BASH_REMATCH[3]}))
  done
  REPLY=$total
}

# Runs one command, timing the whole process (start to exit, as a user would see it) with
# `date +%s%N` (the %s.%N clock without the dot, so the difference is integer nanoseconds) and
# its CPU time. CPU time hardly moves when other work competes for the cores; wall time does.
# Prints "nanoseconds cpu_ms peak_rss_kb files bytes".
run_floor() {
  local out="$work/floor.json" t0 t1 c0 c1
  children_cpu_ms; c0=$REPLY
  t0=$(date +%s%N)
  "$floor" -j "$1" "${paths[@]}" >"$out" || die "pagewise-parse-floor failed"
  t1=$(date +%s%N)
  children_cpu_ms; c1=$REPLY
  echo "$((t1 - t0)) $((c1 - c0)) $(json_number peak_rss_kb "$out") $(json_number files "$out") $(json_number bytes "$out")"
}
run_check() {
  local out="$work/check.json" t0 t1 c0 c1 rc=0
  children_cpu_ms; c0=$REPLY
  t0=$(date +%s%N)
  "$pagewise" check -j "$1" --format json --stats --fail-on never "${paths[@]}" >"$out" || rc=$?
  t1=$(date +%s%N)
  children_cpu_ms; c1=$REPLY
  [ "$rc" -eq 0 ] || die "pagewise check exited with $rc"
  # Only the stats block: a finding's text must never be mistaken for a figure.
  sed -n '/"stats": *{/,$p' "$out" >"$work/check.stats"
  echo "$((t1 - t0)) $((c1 - c0)) $(json_number peak_rss_kb "$work/check.stats") $(json_number files "$work/check.stats") $(json_number bytes "$work/check.stats")"
}

# --- measure ------------------------------------------------------------------------------------
threads=(1)
[ "$jobs" -gt 1 ] && threads+=("$jobs")

# One untimed pass of each fills the page cache, so the first timed run reads no more from disk
# than the last.
run_floor "$jobs" >/dev/null
run_check "$jobs" >/dev/null

declare -A wall cpu rss
files="" bytes="" check_files="" check_bytes=""
for ((r = 1; r <= runs; r++)); do
  # Floor and check alternate, so a burst of load from elsewhere hits both, not one.
  for n in "${threads[@]}"; do
    line=$(run_floor "$n")
    read -r ns ms kb f b <<<"$line"
    wall[floor_$n]+="$ns"$'\n'
    cpu[floor_$n]+="$ms"$'\n'
    rss[floor_$n]+="$kb"$'\n'
    files=$f bytes=$b
    line=$(run_check "$n")
    read -r ns ms kb f b <<<"$line"
    wall[check_$n]+="$ns"$'\n'
    cpu[check_$n]+="$ms"$'\n'
    rss[check_$n]+="$kb"$'\n'
    check_files=$f check_bytes=$b
  done
  echo "run $r/$runs done" >&2
done

# --- report -------------------------------------------------------------------------------------
mb100=$((bytes / 10000))  # hundredths of a MB (10^6 bytes)
echo
echo "pagewise benchmark: ${paths[*]}"
echo "  $files files, $(fixed2 "$mb100") MB (MB = 10^6 bytes); $runs runs each, median (min..max); $(nproc) cores"
same_input=1
if [ "$check_files" != "$files" ] || [ "$check_bytes" != "$bytes" ]; then
  same_input=0
  echo "  note: pagewise analysed $check_files files ($(fixed2 $((check_bytes / 10000))) MB), the floor parsed $files:"
  echo "  pagewise leaves out what .gitignore excludes and the files of skipped (UMDF) units"
fi
echo
printf '%-7s %7s  %-24s %10s %8s %12s %10s\n' command threads "wall s (min..max)" files/s MB/s "peak RSS MB" "CPU s"
declare -A med
for n in "${threads[@]}"; do
  for cmd in floor check; do
    read -r m lo hi < <(printf '%s' "${wall[${cmd}_$n]}" | stats3)
    read -r k _ _ < <(printf '%s' "${rss[${cmd}_$n]}" | stats3)
    read -r c _ _ < <(printf '%s' "${cpu[${cmd}_$n]}" | stats3)
    med[${cmd}_$n]=$m
    ms=$((m / 1000000)); lo_ms=$((lo / 1000000)); hi_ms=$((hi / 1000000))
    fps=$((files * 1000000000 / m))
    mbs=$((bytes * 1000 / (m / 1000)))  # bytes per microsecond = MB/s, in thousandths
    printf '%-7s %7s  %-24s %10s %8s %12s %10s\n' "$cmd" "$n" \
      "$(fixed3 "$ms") ($(fixed3 "$lo_ms")..$(fixed3 "$hi_ms"))" "$fps" "$(fixed2 $((mbs / 10)))" \
      "$(fixed2 $((k * 100 / 1024)))" "$(fixed3 "$c")"
  done
done
echo
for n in "${threads[@]}"; do
  ratio=$((med[check_$n] * 1000 / med[floor_$n]))
  echo "check/floor at $n thread(s): $(fixed3 "$ratio")   (target <= 1.3 for the foundation, <= 1.5 with the IRQL engine)"
  if [ "$same_input" -eq 0 ]; then
    # Seconds per byte each command read: the fair ratio when the two read different files.
    per_byte=$((med[check_$n] / 1000 * bytes / check_bytes * 1000 / (med[floor_$n] / 1000)))
    echo "  per MB read: $(fixed3 "$per_byte")"
  fi
done
if [ "$jobs" -gt 1 ]; then
  for cmd in floor check; do
    up=$((med[${cmd}_1] * 1000 / med[${cmd}_$jobs]))
    echo "speed-up $cmd j1/j$jobs: $(fixed3 "$up")   (target >= 1.8 on 2 cores)"
  done
fi
