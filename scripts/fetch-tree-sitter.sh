#!/usr/bin/env bash
# Fetches the tree-sitter runtime and the C and C++ grammars from the npm registry with `npm pack`
# (which runs no install scripts), checks each tarball against its pinned sha512 integrity string,
# and extracts only the sources pagewise builds into third_party/ (git-ignored).
# A package already extracted at the pinned integrity is left alone, so a second run is offline.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/third_party"
mkdir -p "$dest"

# name version integrity
pins=(
  "tree-sitter 0.25.1 sha512-mrcEdkYtHfrK1A6fs3O6FxkBo0Qig5XUXqHhxUOQu0bmPo00QF4XaSx4edpazdHwxnSCjlGKGgIqWdaN4dvTLA=="
  "tree-sitter-c 0.24.1 sha512-lkYwWN3SRecpvaeqmFKkuPNR3ZbtnvHU+4XAEEkJdrp3JfSp2pBrhXOtvfsENUneye76g889Y0ddF2DM0gEDpA=="
  "tree-sitter-cpp 0.23.4 sha512-qR5qUDyhZ5jJ6V8/umiBxokRbe89bCGmcq/dk94wI4kN86qfdV8k0GHIUEKaqWgcu42wKal5E97LKpLeVW8sKw=="
)

for pin in "${pins[@]}"; do
  read -r name version integrity <<<"$pin"
  out="$dest/$name"
  if [ -f "$out/.integrity" ] && [ "$(cat "$out/.integrity")" = "$integrity" ]; then
    continue
  fi
  command -v npm >/dev/null || { echo "fetch-tree-sitter: npm is needed to download $name" >&2; exit 2; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "fetch-tree-sitter: $name@$version"
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  tarball=$(ls "$tmp"/*.tgz)
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "fetch-tree-sitter: $name@$version integrity mismatch: got $actual, pinned $integrity" >&2
    exit 1
  fi
  mkdir "$tmp/x"
  tar -xzf "$tarball" -C "$tmp/x"
  rm -rf "$out"
  mkdir -p "$out"
  if [ "$name" = tree-sitter ]; then
    cp -r "$tmp/x/package/vendor/tree-sitter/lib/src" "$out/src"
    cp -r "$tmp/x/package/vendor/tree-sitter/lib/include" "$out/include"
  else
    mkdir -p "$out/src"
    cp "$tmp/x/package/src/parser.c" "$out/src/"
    [ -f "$tmp/x/package/src/scanner.c" ] && cp "$tmp/x/package/src/scanner.c" "$out/src/"
    cp -r "$tmp/x/package/src/tree_sitter" "$out/src/"
    cp "$tmp/x/package/src/node-types.json" "$out/src/"
  fi
  cp "$tmp/x/package/LICENSE" "$out/LICENSE"
  echo "$integrity" >"$out/.integrity"
  rm -rf "$tmp"
  trap - EXIT
done
