#!/bin/sh
# calibrate.sh: measures the x64 code size of every function in tools/size-calibration/src with a real
# compiler, puts it next to what pagewise's size estimator sees and says, and refits the model.
#
#   tools/size-calibration/calibrate.sh            (BUILD=dir to use another build directory)
#
# Writes, next to this script:
#   measured.csv   one row per function: measured bytes, the estimator's features, its estimate
#   compiler.txt   the compiler and flags the sizes come from
#   fit.md         the feature selection, the fitted weights and the errors
#                  (`pagewise-size-features --fit measured.csv`)
#
# The compiler is gcc for x86-64 Windows (Debian's mingw-w64), not MSVC: see
# docs/size-estimates.md for what that does and does not tell about a driver built with the WDK.
#
# What "measured" means for one function F, from the COFF object:
#   code bytes        the bytes of .text$F (and of its cold part .text.unlikely.F, if gcc split
#                     one off) up to the end of the last instruction that is not alignment padding
#   jump table bytes  4 per entry of a switch table gcc put in .rdata for F (MSVC emits its x64
#                     jump tables into the code section, so they count as code here)
#   measured          code bytes + jump table bytes
#   padded bytes      the section sizes as the object records them (rounded up to 16)
# Functions whose hashed name falls in bucket 0 of 5 are held out: the fit never sees them.
set -eu
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
CC=x86_64-w64-mingw32-gcc
OBJDUMP=x86_64-w64-mingw32-objdump
CFLAGS="-O2 -c -ffunction-sections"

# (a) the cross compiler
if ! command -v "$CC" >/dev/null 2>&1 || ! command -v "$OBJDUMP" >/dev/null 2>&1; then
  echo "calibrate: $CC not found; installing Debian's gcc-mingw-w64-x86-64" >&2
  apt-cache policy gcc-mingw-w64-x86-64 >&2
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get install -y gcc-mingw-w64-x86-64 >&2
fi

# the feature tool
cmake -S "$ROOT" -B "$BUILD" -DPAGEWISE_TOOLS=ON >&2
cmake --build "$BUILD" --target pagewise-size-features >&2
TOOL="$BUILD/tools/size-calibration/pagewise-size-features"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

# (b) compile, (c) read the sizes
cd "$HERE/src"
: >"$WORK/sizes.txt"
for c in *.c; do
  o="$WORK/${c%.c}.o"
  # -Wno-multichar: pool tags are multi-character constants, as in every driver.
  # shellcheck disable=SC2086 # CFLAGS is a list of flags
  $CC $CFLAGS -Wno-multichar "$c" -o "$o"

  # code bytes: end of the last instruction that is not padding, per function section
  $OBJDUMP -d "$o" | awk -F'\t' '
    function hex(s,   i, v) {
      s = tolower(s); gsub(/[ :]/, "", s); v = 0
      for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
      return v
    }
    /^Disassembly of section / {
      sec = $0; sub(/^Disassembly of section /, "", sec); sub(/:$/, "", sec); fn = ""
      if (index(sec, ".text$") == 1) fn = substr(sec, 7)
      else if (index(sec, ".text.unlikely.") == 1) fn = substr(sec, 16)
      if (fn != "") { key = sec; owner[key] = fn; end[key] = 0 }
      next
    }
    fn != "" && $1 ~ /^ *[0-9a-f]+:$/ {
      n = split($2, b, " ")
      if (NF >= 3) pad = ($3 ~ /^(nop|xchg +%ax,%ax|data16|cs nop|int3)/)
      last = hex($1) + n
      if (!pad && last > end[key]) end[key] = last
    }
    END { for (k in end) printf "code %s %d\n", owner[k], end[k] }' >>"$WORK/sizes.txt"

  # padded bytes: the section sizes
  $OBJDUMP -h "$o" | awk '
    function hex(s,   i, v) {
      s = tolower(s); v = 0
      for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
      return v
    }
    index($2, ".text$") == 1 { printf "padded %s %d\n", substr($2, 7), hex($3) }
    index($2, ".text.unlikely.") == 1 { printf "padded %s %d\n", substr($2, 16), hex($3) }' >>"$WORK/sizes.txt"

  # jump tables: 32-bit relative entries in read-only data that point into a function section
  $OBJDUMP -r "$o" | awk '
    /^RELOCATION RECORDS FOR / { sec = $4; sub(/^\[/, "", sec); sub(/\]:$/, "", sec); next }
    index(sec, ".rdata") == 1 && $2 == "IMAGE_REL_AMD64_REL32" {
      if (index($3, ".text$") == 1) printf "jump %s 4\n", substr($3, 7)
      else if (index($3, ".text.unlikely.") == 1) printf "jump %s 4\n", substr($3, 16)
    }' >>"$WORK/sizes.txt"
done

# (d) the estimator's view of the same sources
"$TOOL" *.h *.c >"$WORK/features.csv"

# (e) the table
awk -F, '
  # a stable hash of the name (exact in awk doubles), for the held-out choice
  function bucket(s,   i, h) {
    h = 0
    for (i = 1; i <= length(s); i++) h = (h * 31 + ord[substr(s, i, 1)]) % 1000003
    return h % 5
  }
  BEGIN { for (i = 32; i < 127; i++) ord[sprintf("%c", i)] = i }
  FNR == NR {
    split($0, f, " ")
    if (f[1] == "code") code[f[2]] += f[3]
    else if (f[1] == "padded") padded[f[2]] += f[3]
    else if (f[1] == "jump") jump[f[2]] += f[3]
    next
  }
  FNR == 1 {
    printf "name,file,line,measured,code_bytes,jump_table_bytes,padded_bytes,holdout"
    for (i = 4; i <= NF; i++) printf ",%s", $i
    printf "\n"
    next
  }
  {
    name = $2
    if (!(name in code)) { if ($1 ~ /\.c$/) missing = missing " " name; next }
    seen[name] = 1
    printf "%s,%s,%s,%d,%d,%d,%d,%d", name, $1, $3, code[name] + jump[name], code[name], jump[name] + 0,
      padded[name], bucket(name) == 0
    for (i = 4; i <= NF; i++) printf ",%s", $i
    printf "\n"
  }
  END {
    for (n in code) if (!(n in seen)) unmeasured = unmeasured " " n
    if (missing != "") print "calibrate: no code measured for" missing > "/dev/stderr"
    if (unmeasured != "") print "calibrate: no features for" unmeasured > "/dev/stderr"
  }' "$WORK/sizes.txt" "$WORK/features.csv" >"$WORK/measured.csv"

{
  head -n 1 "$WORK/measured.csv"
  tail -n +2 "$WORK/measured.csv" | sort -t, -k2,2 -k3,3n
} >"$HERE/measured.csv"
{
  "$CC" --version | head -n 1
  echo "flags: $CFLAGS -Wno-multichar"
} >"$HERE/compiler.txt"
"$TOOL" --fit "$HERE/measured.csv" >"$HERE/fit.md"

# (f) comment sensitivity: the same sources with a comment line before every statement line (real
# drivers are commented far more than these sources). The model should not move; body_bytes does.
mkdir "$WORK/commented"
for f in *.c *.h; do
  sed 's|^\( [ ]*\)\([^ /*].*;\)$|\1/* What this statement does and why, as driver sources explain it. */\n\1\2|' "$f" \
    >"$WORK/commented/$f"
done
(cd "$WORK/commented" && "$TOOL" *.h *.c) >"$WORK/commented.csv"
awk -F, '
  FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  FNR == NR { body[$2] = $col["body_bytes"]; est[$2] = $col["estimate"]; next }
  ($2 in body) && $1 ~ /\.c$/ && body[$2] > 0 {
    n++
    db += ($col["body_bytes"] - body[$2]) / body[$2]
    d = $col["estimate"] - est[$2]; if (d < 0) d = -d
    de += d / est[$2]
  }
  END {
    printf "\n## Comment sensitivity\n\n"
    printf "The same %d functions with a comment line before every statement line: body_bytes grows by %.0f %% on average;\n", n, 100 * db / n
    printf "the estimate of the model in pagewise changes by %.1f %% on average.\n", 100 * de / n
  }' "$WORK/features.csv" "$WORK/commented.csv" >>"$HERE/fit.md"

rows=$(($(wc -l <"$HERE/measured.csv") - 1))
held=$(awk -F, 'NR > 1 && $8 == 1' "$HERE/measured.csv" | wc -l)
echo "calibrate: $rows functions measured, $held held out; fit and errors in $HERE/fit.md" >&2
