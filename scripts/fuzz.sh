#!/usr/bin/env bash
# Runs one libFuzzer target of tests/fuzz for SECONDS seconds (0: only the regression replay).
#   scripts/fuzz.sh TARGET SECONDS      TARGET: c_file cpp_file directives project_files glob
#                                               link_map unit facts (or "all", one after the other)
# First it replays tests/fuzz/regressions/TARGET/ (every crash or hang found so far, minimized),
# then fuzzes from a corpus kept in $build/corpus/TARGET, seeded at run time from tests/fixtures/,
# examples/ and tests/fuzz/seeds/ (copies live only in the build folder, never in the tree).
# Each input gets -timeout=10 s and -rss_limit_mb=2048. A crash, hang or sanitizer report stops
# the run, leaves the input in $build/artifacts/TARGET/ and makes this script fail.
# Builds with Debian's clang and libFuzzer (installed when missing) into ${PAGEWISE_FUZZ_BUILD_DIR:-build-fuzz}.
# PAGEWISE_FUZZ_NO_BUILD=1 skips the build step (a caller that just built it).
# PAGEWISE_FUZZ_KEEP_GOING=1 (for long runs) fuzzes in libFuzzer's fork mode and goes on after a
# crash, hang or out-of-memory, so one known defect does not end the run; the script still fails
# when any artifact was written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
targets=(c_file cpp_file directives project_files glob link_map unit facts)

usage() {
  echo "usage: scripts/fuzz.sh TARGET SECONDS   (TARGET: ${targets[*]} all)" >&2
  exit 2
}
[ $# -eq 2 ] || usage
target=$1
seconds=$2
[[ "$seconds" =~ ^[0-9]+$ ]] || usage
if [ "$target" != all ] && [[ ! " ${targets[*]} " =~ " $target " ]]; then usage; fi

build=${PAGEWISE_FUZZ_BUILD_DIR:-build-fuzz}

# Debian's clang and the libFuzzer runtime of the same version (clang 14 on Debian 12).
install_fuzz_toolchain() {
  local missing=()
  for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz: missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 2
  fi
  echo "fuzz: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build_targets() {
  scripts/setup.sh
  install_fuzz_toolchain
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAGEWISE_TESTS=OFF \
        -DPAGEWISE_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
  local names=()
  for t in "${targets[@]}"; do names+=("fuzz_$t"); done
  cmake --build "$build" --parallel 2 --target "${names[@]}"
}

# Seeds: files of the fixtures and examples that the target reads, and its own tests/fuzz/seeds/.
seed_files() {
  local t=$1
  case "$t" in
    c_file) find tests/fixtures examples -type f \( -name '*.c' -o -name '*.h' \) ;;
    cpp_file) find tests/fixtures examples -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) ;;
    directives | unit)
      find tests/fixtures examples -type f \( -name '*.c' -o -name '*.cpp' -o -name '*.h' \) ;;
    project_files) find examples tests/fixtures -type f \( -name '*.vcxproj' -o -iname sources -o -name makefile \) ;;
    glob) git ls-files -- '*.gitignore' ;;
    link_map) ;;
    facts) ;;
  esac
  if [ -d "tests/fuzz/seeds/$t" ]; then find "tests/fuzz/seeds/$t" -type f; fi
}

# The unit target reads up to three files separated by form feeds: each fixture folder with
# several sources becomes one such seed.
unit_seeds() {
  local out=$1 dir n=0
  while IFS= read -r dir; do
    mapfile -t files < <(find "$dir" -maxdepth 1 -type f \( -name '*.c' -o -name '*.cpp' -o -name '*.h' \) | sort | head -3)
    [ "${#files[@]}" -ge 2 ] || continue
    n=$((n + 1))
    { cat "${files[0]}"; for f in "${files[@]:1}"; do printf '\f'; cat "$f"; done; } >"$out/unit-$n"
  done < <(find tests/fixtures examples -mindepth 1 -type d | sort)
}

prepare_seeds() {
  local t=$1 dir=$2 i=0 f
  rm -rf "$dir"
  mkdir -p "$dir"
  while IFS= read -r f; do
    i=$((i + 1))
    cp "$f" "$dir/seed-$i"
  done < <(seed_files "$t")
  if [ "$t" = unit ]; then unit_seeds "$dir"; fi
}

dict_for() {
  case "$1" in
    c_file | cpp_file | directives | unit) echo tests/fuzz/driver.dict ;;
    *) echo "tests/fuzz/$1.dict" ;;
  esac
}

max_len_for() {
  case "$1" in
    c_file | cpp_file | unit) echo 32768 ;;
    *) echo 8192 ;;
  esac
}

# Every sanitizer report stops the process; LeakSanitizer runs with libFuzzer's own leak check.
export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1

# Crash, timeout, leak and out-of-memory inputs (slow-unit- ones are only noted).
count_artifacts() {
  find "$1" -maxdepth 1 -type f ! -name 'slow-unit-*' | wc -l
}

run_target() {
  local t=$1 exe="$build/tests/fuzz/fuzz_$1"
  local common=(-timeout=10 -rss_limit_mb=2048)
  local scratch
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/pagewise-fuzz.XXXXXX")
  # The targets put their scratch files under TMPDIR; a crash leaves them behind, so this goes.
  trap 'rm -rf "$scratch"' RETURN

  local reg="tests/fuzz/regressions/$t"
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
    echo "fuzz: $t: replaying $(ls "$reg" | wc -l) regression input(s)"
    TMPDIR=$scratch "$exe" "${common[@]}" "$reg"/* >"$scratch/replay.log" 2>&1 || {
      cat "$scratch/replay.log" >&2
      echo "fuzz: $t: a regression input fails again" >&2
      return 1
    }
  fi
  [ "$seconds" -gt 0 ] || return 0

  local corpus="$build/corpus/$t" seeds="$build/seeds/$t" artifacts="$build/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  prepare_seeds "$t" "$seeds"
  echo "fuzz: $t: $seconds s from $(ls "$corpus" | wc -l) corpus and $(ls "$seeds" | wc -l) seed inputs"
  local status=0 mode=()
  if [ "${PAGEWISE_FUZZ_KEEP_GOING:-0}" = 1 ]; then
    mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi
  local before
  before=$(count_artifacts "$artifacts")
  TMPDIR=$scratch "$exe" "${common[@]}" "${mode[@]}" -max_total_time="$seconds" \
    -max_len="$(max_len_for "$t")" -dict="$(dict_for "$t")" -artifact_prefix="$artifacts/" \
    -print_final_stats=1 "$corpus" "$seeds" >"$build/$t.log" 2>&1 || status=$?
  if [ "$(count_artifacts "$artifacts")" -gt "$before" ] && [ "$status" -eq 0 ]; then status=1; fi
  grep -E '^#[0-9]+[[:space:]]+(DONE|INITED)' "$build/$t.log" | tail -1 | sed "s/^/fuzz: $t: /"
  if [ "$status" -ne 0 ] || grep -qE 'runtime error|Sanitizer|==ERROR' "$build/$t.log"; then
    tail -n 60 "$build/$t.log" >&2
    echo "fuzz: $t: FAILED (exit $status); the input is in $artifacts/ (full log: $build/$t.log)" >&2
    return 1
  fi
}

if [ "${PAGEWISE_FUZZ_NO_BUILD:-0}" != 1 ]; then build_targets; fi
failed=0
if [ "$target" = all ]; then
  for t in "${targets[@]}"; do run_target "$t" || failed=1; done
else
  run_target "$target" || failed=1
fi
exit "$failed"
