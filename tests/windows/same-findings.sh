#!/usr/bin/env bash
# The Windows build finds what the Linux build finds: runs build-windows/pagewise.exe under wine (64-bit)
# and the Linux pagewise on examples/ and on every fixture family, and compares their JSON reports
# after the one difference allowed, the spelling of paths (backslashes, a drive letter).
# Usage: same-findings.sh LINUX_PAGEWISE WINDOWS_EXE WORK_DIR. Exit 77 (skipped) when the .exe
# was not built: scripts/build-windows.sh builds it, and scripts/run-tests.sh runs that first.
set -euo pipefail
linux=$(realpath -m "$1") exe=$(realpath -m "$2") work=$(realpath -m "$3")
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$exe" ]; then
  echo "same-findings: $exe is missing: run scripts/build-windows.sh (scripts/run-tests.sh does)" >&2
  exit 77
fi
command -v wine >/dev/null || { echo "same-findings: wine is missing: run scripts/setup.sh" >&2; exit 2; }
mkdir -p "$work"
# A console program needs no display; the prefix lives in the build folder, made on first use.
export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
. "$root/tests/windows/wine-run.sh"

# Paths as Linux spells them: a JSON-escaped backslash becomes a slash, a drive letter goes.
unix_paths() { sed -e 's|\\\\|/|g' -e 's|"[A-Za-z]:/|"/|g'; }

# A paged function without PAGED_CODE(): one paged-code/missing finding, named after the file.
paged_function() {
  printf '#include <ntddk.h>\n#pragma alloc_text(PAGE, %s)\nNTSTATUS %s(PDEVICE_OBJECT d)\n{\n    if (d) return 1;\n    return 0;\n}\n' "$1" "$1"
}

# What Windows made hard, in one tree: a folder named with non-ASCII letters and a space, a
# project naming `..\Common\Foo.C` for common/foo.c, a Ctrl-Z byte before code, and a folder to
# exclude with a backslash and another letter case (sub/dir as 'Sub\Dir'). Made here, since the
# names are the point.
shapes="$work/trees/Pilote été"
rm -rf "$work/trees"
mkdir -p "$shapes/drv" "$shapes/common" "$shapes/sub/dir"
printf '<Project>\n<PropertyGroup><DriverType>WDM</DriverType></PropertyGroup>\n<ItemGroup><ClCompile Include="..\\Common\\Foo.C" /><ClCompile Include="Main.c" /><ClCompile Include="CtrlZ.c" /></ItemGroup>\n</Project>\n' >"$shapes/drv/drv.vcxproj"
paged_function MainPaged >"$shapes/drv/main.c"
paged_function FooPaged >"$shapes/common/foo.c"
{ printf 'int before;\n\032\n'; paged_function AfterCtrlZ; } >"$shapes/drv/ctrlz.c"
paged_function Excluded >"$shapes/sub/dir/excluded.c"

failed=0
cd "$work/trees"
status_linux=0 status_windows=0
"$linux" check --format json --fail-on never --exclude 'sub/dir' "Pilote été" >shapes.linux.json || status_linux=$?
LC_ALL=C.UTF-8 wine_run "$exe" check --format json --fail-on never --exclude 'Sub\Dir' "Pilote été" \
  >shapes.windows.raw || status_windows=$?
unix_paths <shapes.windows.raw >shapes.windows.json
for finding in MainPaged FooPaged AfterCtrlZ; do
  n=$(grep -c "\"function\": \"$finding\"" shapes.windows.json || true)
  [ "$n" = 1 ] || { echo "same-findings: shapes: $finding reported $n times on Windows, not once"; failed=1; }
done
if grep -q '"function": "Excluded"' shapes.windows.json; then
  echo "same-findings: shapes: --exclude 'Sub\Dir' excluded nothing on Windows"; failed=1
fi
if [ "$status_linux" != "$status_windows" ] || ! cmp -s shapes.linux.json shapes.windows.json; then
  echo "same-findings: shapes: the reports differ (exit $status_linux and $status_windows):"
  diff shapes.linux.json shapes.windows.json | head -20
  failed=1
else
  echo "same-findings: shapes (non-ASCII folder, project spelling, Ctrl-Z, backslash exclude): same findings"
fi

# A report written with -o (a temporary file renamed over it: MoveFileExW on Windows) under a
# non-ASCII name is the report printed; --stats has a peak memory (GetProcessMemoryInfo).
LC_ALL=C.UTF-8 wine_run "$exe" check --format json --fail-on never --exclude 'Sub\Dir' \
  -o "rapport été.json" "Pilote été" || true
if ! cmp -s "rapport été.json" shapes.windows.raw; then
  echo "same-findings: shapes: -o 'rapport été.json' is not the report printed on Windows"; failed=1
fi
peak=$(wine_run "$exe" check --stats --fail-on never "Pilote été" 2>&1 | sed -n 's/^peak memory MB *//p' | tr -d '\r')
if ! awk -v p="$peak" 'BEGIN { exit !(p + 0 > 0) }'; then
  echo "same-findings: --stats gives no peak memory on Windows (got '$peak')"; failed=1
fi

cd "$root"
targets=(examples)
for family in tests/fixtures/*/; do targets+=("${family%/}"); done
for target in "${targets[@]}"; do
  name=${target//\//_}
  status_linux=0 status_windows=0
  "$linux" check --format json --fail-on never "$target" >"$work/$name.linux.json" || status_linux=$?
  wine_run "$exe" check --format json --fail-on never "$target" >"$work/$name.windows.raw" || status_windows=$?
  unix_paths <"$work/$name.windows.raw" >"$work/$name.windows.json"
  if [ "$status_linux" != "$status_windows" ]; then
    echo "same-findings: $target: exit status $status_linux on Linux, $status_windows on Windows"
    failed=1
  elif ! cmp -s "$work/$name.linux.json" "$work/$name.windows.json"; then
    echo "same-findings: $target: the reports differ:"
    diff "$work/$name.linux.json" "$work/$name.windows.json" | head -20
    failed=1
  else
    echo "same-findings: $target: same findings ($(grep -o '"rule":' "$work/$name.linux.json" | wc -l))"
  fi
done
# The text report too, as a console or an editor sees it: its paths are relative and use slashes
# on both systems, so it must be the same byte for byte.
"$linux" check --fail-on never examples >"$work/examples.linux.txt" || true
wine_run "$exe" check --fail-on never examples >"$work/examples.windows.txt" || true
if ! cmp -s "$work/examples.linux.txt" "$work/examples.windows.txt"; then
  echo "same-findings: examples: the text reports differ:"
  diff "$work/examples.linux.txt" "$work/examples.windows.txt" | head -20
  failed=1
else
  echo "same-findings: examples: same text report ($(wc -l <"$work/examples.linux.txt") lines)"
fi
exit "$failed"
