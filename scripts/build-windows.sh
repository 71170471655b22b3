#!/usr/bin/env bash
# Cross-builds pagewise for x86-64 Windows with Debian's mingw-w64 (installed by scripts/setup.sh)
# into build-windows/pagewise.exe, one static .exe, and packs it with the README, the licence
# notes and the rule docs into build-windows/pagewise-<version>-windows-x86_64.zip.
# Only the pagewise target is built (the tests run the Linux build and, under wine, this .exe).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${PAGEWISE_WINDOWS_BUILD_DIR:-$root/build-windows}
deps="$out/deps"
cd "$root"
command -v x86_64-w64-mingw32-g++-posix >/dev/null ||
  { echo "build-windows: x86_64-w64-mingw32-g++-posix is missing: run scripts/setup.sh" >&2; exit 2; }

# nlohmann-json, CLI11, toml++ and utfcpp are header-only Debian packages: link just their folders.
mkdir -p "$deps/include"
ln -sfn /usr/include/nlohmann "$deps/include/nlohmann"
ln -sfn /usr/include/CLI "$deps/include/CLI"
ln -sfn /usr/include/toml++ "$deps/include/toml++"
ln -sfn /usr/include/utf8cpp "$deps/include/utf8cpp"
scripts/fetch-pugixml-source.sh "$deps"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$out/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64-x86_64.cmake" -DPAGEWISE_STAGED_DEPS="$deps" \
  -DPAGEWISE_TESTS=OFF -DPAGEWISE_WERROR=ON "${launcher[@]}" >/dev/null
cmake --build "$out/cmake" --target pagewise --parallel "${PAGEWISE_JOBS:-$(nproc)}"
cp "$out/cmake/pagewise.exe" "$out/pagewise.exe"

version=$(sed -n 's/^project(pagewise VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
name="pagewise-$version-windows-x86_64"
stage="$out/zip/$name"
rm -rf "$out/zip"
mkdir -p "$stage/docs"
cp "$out/pagewise.exe" README.md "$stage/"
cp -r docs/rules "$stage/docs/"
(cd "$out/zip" && cmake -E tar cf "$out/$name.zip" --format=zip "$name")
echo "build-windows: $out/pagewise.exe and $out/$name.zip"
