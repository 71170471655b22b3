#!/usr/bin/env bash
# pagewise benchmark: `pagewise check` against the parse-only floor, at 1 and N threads.
#
# usage: bench/run.sh [--jobs N] [--runs R] [PATH...]
#   --jobs N   the parallel run uses N threads (default 2); the serial run always uses 1
#   --runs R   timed repetitions of each command (default 5); the table shows medians
#   PATH...    folders to measure (default: bench/corpus, generated on first use)
#
# Three commands alternate: the parse-only floor (pagewise-parse-floor), the stricter floor that
# parses pre-passed text (pagewise-parse-floor --prepass) and `pagewise check`. See README.md.
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
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) paths+=("$1"); shift ;;
  esac
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs wants a positive number"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number"

# --- build (Release; ninja makes this a no-op when nothing changed) -----------------------------
if ! grep -qs '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" ||
   ! grep -qs '^PAGEWISE_BENCH:BOOL=ON$' "$build/CMakeCache.txt"; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAGEWISE_TESTS=OFF -DPAGEWISE_BENCH=ON >/dev/null
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

# run_tool NAME N: runs one command at N threads, timing the whole process (start to exit, as a
# user sees it) with `date +%s%N` (the %s.%N clock without the dot: integer nanoseconds) and
# taking its CPU time, which hardly moves when other work competes for the cores while wall time
# does. Prints "nanoseconds cpu_ms peak_rss_kb files bytes busiest_ms", the last being the CPU
# time of the floor's busiest worker thread (0 for check, which does not report it).
run_tool() {
  local name=$1 n=$2 out="$work/$1.json" t0 t1 c0 c1 rc=0
  local -a cmd
  case "$name" in
    floor) cmd=("$floor" -j "$n" "${paths[@]}") ;;
    floor-pp) cmd=("$floor" -j "$n" --prepass "${paths[@]}") ;;
    check) cmd=("$pagewise" check --no-cache -j "$n" --format json --stats --fail-on never "${paths[@]}") ;;
  esac
  children_cpu_ms; c0=$REPLY
  t0=$(date +%s%N)
  "${cmd[@]}" >"$out" || rc=$?
  t1=$(date +%s%N)
  children_cpu_ms; c1=$REPLY
  [ "$rc" -eq 0 ] || die "$name exited with status $rc: ${cmd[*]}"
  # pagewise's figures are in its stats block, the last of its output: a finding's text must
  # never be mistaken for a figure.
  local busiest=0
  if [ "$name" = check ]; then
    sed -n '/"stats": *{/,$p' "$out" >"$out.stats"
    out="$out.stats"
  else
    busiest=$(json_number busiest_thread_cpu_seconds "$out")  # printed with 3 decimals
    busiest=$((10#${busiest/./}))
  fi
  echo "$((t1 - t0)) $((c1 - c0)) $(json_number peak_rss_kb "$out") $(json_number files "$out") $(json_number bytes "$out") $busiest"
}

# --- measure ------------------------------------------------------------------------------------
threads=(1)
if [ "$jobs" -gt 1 ]; then threads+=("$jobs"); fi
tools=(floor floor-pp check)

load0=$(cut -d' ' -f1-3 /proc/loadavg)
# One untimed pass of each fills the page cache, so the first timed run reads no more from disk
# than the last.
for t in "${tools[@]}"; do run_tool "$t" "$jobs" >/dev/null; done

declare -A wall cpu rss files bytes busiest
for ((r = 1; r <= runs; r++)); do
  # The commands alternate, so a burst of load from elsewhere hits all of them, not one.
  for n in "${threads[@]}"; do
    for t in "${tools[@]}"; do
      line=$(run_tool "$t" "$n")
      read -r ns ms kb f b bt <<<"$line"
      wall[$t,$n]+="$ns"$'\n'
      cpu[$t,$n]+="$ms"$'\n'
      rss[$t,$n]+="$kb"$'\n'
      busiest[$t,$n]+="$bt"$'\n'
      files[$t]=$f bytes[$t]=$b
    done
  done
  echo "run $r/$runs done" >&2
done

# --- report -------------------------------------------------------------------------------------
echo
echo "pagewise benchmark: ${paths[*]}"
echo "  ${files[floor]} files, $(fixed2 $((bytes[floor] / 10000))) MB (MB = 10^6 bytes); $runs runs each; $(nproc) cores;"
echo "  load average before: $load0, after: $(cut -d' ' -f1-3 /proc/loadavg)"
same_input=1
if [ "${files[check]}" != "${files[floor]}" ] || [ "${bytes[check]}" != "${bytes[floor]}" ]; then
  same_input=0
  echo "  pagewise analysed ${files[check]} of them ($(fixed2 $((bytes[check] / 10000))) MB): it leaves out what"
  echo "  .gitignore excludes and the files of the user-mode units it skips; per-MB ratios below correct for it"
fi
echo "  floor: read + parse; floor-pp: read + pagewise's built-in pre-pass + parse; check: pagewise"
echo
printf '%-9s %7s  %-26s %8s %7s %9s %8s\n' command threads "wall s median (min..max)" files/s MB/s "RSS MB" "CPU s"
declare -A med medcpu
for n in "${threads[@]}"; do
  for t in "${tools[@]}"; do
    read -r m lo hi < <(printf '%s' "${wall[$t,$n]}" | stats3)
    read -r k _ _ < <(printf '%s' "${rss[$t,$n]}" | stats3)
    read -r c _ _ < <(printf '%s' "${cpu[$t,$n]}" | stats3)
    med[$t,$n]=$m medcpu[$t,$n]=$c
    fps=$((files[$t] * 1000000000 / m))
    mbs=$((bytes[$t] * 100 / (m / 1000)))  # bytes per microsecond = MB/s; in hundredths
    printf '%-9s %7s  %-26s %8s %7s %9s %8s\n' "$t" "$n" \
      "$(fixed3 $((m / 1000000))) ($(fixed3 $((lo / 1000000)))..$(fixed3 $((hi / 1000000))))" \
      "$fps" "$(fixed2 "$mbs")" "$(fixed2 $((k * 100 / 1024)))" "$(fixed3 "$c")"
  done
done

# ratio A B: A/B in thousandths, scaled to per-byte when the two read different amounts.
ratio() {
  local a=$1 b=$2
  if [ "$same_input" -eq 1 ]; then echo $((a * 1000 / b)); return; fi
  echo $((a / 1000 * bytes[floor] / bytes[check] * 1000 / (b / 1000)))
}
echo
echo "check/floor, wall (CPU) — target <= 1.3 for the foundation, <= 1.5 with the IRQL engine:"
for n in "${threads[@]}"; do
  for base in floor floor-pp; do
    w=$(ratio "${med[check,$n]}" "${med[$base,$n]}")
    c=$(ratio "$((medcpu[check,$n] * 1000000))" "$((medcpu[$base,$n] * 1000000))")
    printf '  check/%-8s at %s thread(s): %s (%s)\n' "$base" "$n" "$(fixed3 "$w")" "$(fixed3 "$c")"
  done
done
if [ "$jobs" -gt 1 ]; then
  echo "speed-up j1/j$jobs, wall (CPU-time growth) — target >= 1.8 on 2 cores:"
  for t in "${tools[@]}"; do
    up=$((med[$t,1] * 1000 / med[$t,$jobs]))
    growth=$((medcpu[$t,$jobs] * 1000 / medcpu[$t,1]))
    line=$(printf '  %-9s %s (%s)' "$t" "$(fixed3 "$up")" "$(fixed3 "$growth")")
    if [ "$t" != check ]; then
      # What the floor reaches with idle cores: its serial CPU time over the CPU time of its
      # busiest worker. Load from other processes moves wall time, hardly this.
      read -r bm _ _ < <(printf '%s' "${busiest[$t,$jobs]}" | stats3)
      line+="   with idle cores: $(fixed3 $((medcpu[$t,1] * 1000 / bm)))"
    fi
    echo "$line"
  done
  if [ "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" = 1 ]; then
    echo "  note: autogroup scheduling is on, so the cores are shared between sessions, not threads:"
    echo "  while other sessions keep them busy, N threads get no more CPU than one, and the wall"
    echo "  speed-up says nothing about pagewise (load average before/after: $load0 / $(cut -d' ' -f1-3 /proc/loadavg))"
  fi
fi
