#!/usr/bin/env bash
# The test suite and real runs under sanitizers, then a short fuzzing run of every target.
#   1. AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan): the whole ctest suite, then
#      `check`, `sections --summary` and `check --format html` on examples/ and on a small
#      generated driver corpus (bench/gen_corpus.cpp).
#   2. ThreadSanitizer build (build-tsan): `check -j 2` and `sections -j 2` on the same inputs.
#   3. scripts/fuzz.sh for every target: the regression corpus replayed, then
#      PAGEWISE_FUZZ_SECONDS (default 60) seconds of fuzzing each.
# Any sanitizer report fails the script: the runtimes stop at the first report, write it to a log
# folder as well as stderr (so a test that swallows a child's output cannot hide it), and the
# script fails when that folder is not empty or an output says "runtime error".
# PAGEWISE_SANITIZE_STEPS picks steps (default "asan tsan fuzz"); PAGEWISE_CORPUS_LINES sizes the
# corpus (default 20000).
#
# ThreadSanitizer and new kernels: TSan's shadow memory layout needs the address space layout
# randomization of mmap to stay within 28 bits; kernels since 6.5 may default vm.mmap_rnd_bits to
# 32, and TSan then dies with "unexpected memory mapping". The TSan runs therefore go through
# `setarch -R` (no randomization for that process), which needs no root and changes nothing else.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
steps=${PAGEWISE_SANITIZE_STEPS:-asan tsan fuzz}
lines=${PAGEWISE_CORPUS_LINES:-20000}
fuzz_seconds=${PAGEWISE_FUZZ_SECONDS:-60}
work="$root/build-sanitize-runs"
rm -rf "$work"
mkdir -p "$work/logs"

# Each report goes to $work/logs/<tool>.<pid> besides stderr.
log_opts="log_path=$work/logs/report:log_exe_name=1"
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1:$log_opts"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:$log_opts"
export TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1:$log_opts"

no_reports() {
  local what=$1
  if [ -n "$(ls -A "$work/logs")" ]; then
    echo "sanitized: $what: sanitizer reports:" >&2
    for f in "$work/logs"/*; do
      echo "== $f" >&2
      head -n 60 "$f" >&2
    done
    exit 1
  fi
}

# Runs one pagewise command; exit status 0, or 1 for "findings" when `check` may have them.
run_pagewise() {
  local runner=$1 exe=$2 name=$3
  shift 3
  local status=0
  $runner "$exe" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  if [ "$status" -gt 1 ] || grep -q 'runtime error' "$work/$name.out" "$work/$name.err"; then
    tail -n 40 "$work/$name.err" >&2
    echo "sanitized: pagewise $* exited $status (stderr: $work/$name.err)" >&2
    exit 1
  fi
  echo "sanitized: pagewise $*: exit $status"
}

configure_and_build() {
  local dir=$1 sanitize=$2
  shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAGEWISE_SANITIZE="$sanitize" \
        -DPAGEWISE_BENCH=ON "$@" >/dev/null
}

corpus="$work/corpus"
make_corpus() {
  [ -d "$corpus" ] && return
  "$1/bench/pagewise-gen-corpus" "$corpus" --lines "$lines" --seed 7 >/dev/null
}

scripts/setup.sh
start=$SECONDS
if [[ " $steps " =~ " asan " ]]; then
  echo "sanitized: AddressSanitizer + UndefinedBehaviorSanitizer build"
  configure_and_build build-asan address,undefined -DPAGEWISE_TESTS=ON
  cmake --build build-asan --parallel 2
  # Left out here, kept in the regular suite: the test that runs pagewise as `nobody` under a
  # process limit. The sanitizer runtime cannot write its log as `nobody` into this root-owned
  # folder, and its leak check needs a thread of its own, which that very limit refuses; what the
  # test proves (fewer workers, not std::terminate) is about the thread pool, not memory safety.
  ctest --test-dir build-asan --output-on-failure --parallel 2 \
    -E 'Robustness.ThreadsTheSystemRefusesMeanFewerWorkersNotACrash'
  no_reports ctest
  make_corpus build-asan
  for input in examples "$corpus"; do
    tag=$(basename "$input")
    run_pagewise "" build-asan/pagewise "asan-check-$tag" check "$input"
    run_pagewise "" build-asan/pagewise "asan-summary-$tag" sections --summary "$input"
    run_pagewise "" build-asan/pagewise "asan-html-$tag" check --format html -o "$work/$tag.html" "$input"
  done
  no_reports "asan runs"
  echo "sanitized: asan step took $((SECONDS - start)) s"
fi

if [[ " $steps " =~ " tsan " ]]; then
  t0=$SECONDS
  echo "sanitized: ThreadSanitizer build"
  configure_and_build build-tsan thread -DPAGEWISE_TESTS=OFF
  cmake --build build-tsan --parallel 2 --target pagewise pagewise-gen-corpus
  make_corpus build-tsan
  runner="setarch $(uname -m) -R"
  for input in examples "$corpus"; do
    tag=$(basename "$input")
    run_pagewise "$runner" build-tsan/pagewise "tsan-check-$tag" check -j 2 "$input"
    run_pagewise "$runner" build-tsan/pagewise "tsan-sections-$tag" sections -j 2 "$input"
  done
  no_reports "tsan runs"
  echo "sanitized: tsan step took $((SECONDS - t0)) s"
fi

if [[ " $steps " =~ " fuzz " ]]; then
  t0=$SECONDS
  echo "sanitized: fuzzing, $fuzz_seconds s per target"
  scripts/fuzz.sh all "$fuzz_seconds"
  echo "sanitized: fuzz step took $((SECONDS - t0)) s"
fi
echo "sanitized: all steps passed in $((SECONDS - start)) s"
