#!/usr/bin/env bash
# `cmake --install` into a temporary DESTDIR and `cpack -G DEB`: the binary runs, the man page and
# the rule docs are where man and users look, and the man page describes every option the
# commands' --help lists. Usage: install_test.sh BUILD_DIR
set -uo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

DESTDIR="$work/dest" cmake --install "$build" --prefix /usr >"$work/install.log" 2>&1 ||
  fail "cmake --install failed: $(cat "$work/install.log")"
dest="$work/dest/usr"
version=$("$dest/bin/pagewise" --version) || fail "the installed binary does not run"
[[ "$version" == "pagewise "[0-9]* ]] || fail "--version printed '$version'"
[ -s "$dest/share/man/man1/pagewise.1" ] || fail "no man page in share/man/man1"
[ -s "$dest/share/doc/pagewise/rules/README.md" ] || fail "no rule docs in share/doc/pagewise/rules"
[ -s "$dest/share/doc/pagewise/rules/paged-code-missing.md" ] || fail "a rule page is missing"
[ -s "$dest/share/doc/pagewise/README.md" ] || fail "no README in share/doc/pagewise"
ndocs=$(find "$root/docs/rules" -name '*.md' | wc -l)
ninstalled=$(find "$dest/share/doc/pagewise/rules" -name '*.md' | wc -l)
[ "$ndocs" = "$ninstalled" ] || fail "$ninstalled rule pages installed of $ndocs"

# Every long option of every command is in the man page (roff writes '-' as '\-').
man="$root/docs/pagewise.1"
for cmd in check sections explain rules serve; do
  for opt in $("$dest/bin/pagewise" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "$(sed 's/-/\\-/g' <<<"$opt")" "$man" || fail "the man page does not describe $cmd $opt"
  done
done
grep -q '^\.TH PAGEWISE 1' "$man" || fail "the man page has no .TH header"

# The .deb holds the same layout under /usr.
if command -v cpack >/dev/null && command -v dpkg-deb >/dev/null; then
  (cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/deb" >"$work/cpack.log" 2>&1) ||
    fail "cpack -G DEB failed: $(cat "$work/cpack.log")"
  deb=$(ls "$work"/deb/pagewise_*.deb 2>/dev/null | head -1)
  if [ -z "$deb" ]; then
    fail "cpack wrote no .deb"
  else
    dpkg-deb -c "$deb" >"$work/contents"
    for f in ./usr/bin/pagewise ./usr/share/man/man1/pagewise.1 \
      ./usr/share/doc/pagewise/rules/README.md; do
      grep -q " $f\$" "$work/contents" || fail "the .deb lacks $f"
    done
    dpkg-deb -f "$deb" Depends | grep -q libpugixml || fail "the .deb does not depend on pugixml"
  fi
fi

[ "$failures" = 0 ] && echo "install: all checks passed"
exit "$failures"
