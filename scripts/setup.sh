#!/usr/bin/env bash
# Installs what building and testing pagewise needs, and nothing twice: Debian packages that are
# missing, then the pinned tree-sitter sources from the npm registry (scripts/fetch-tree-sitter.sh)
# and the browser test's playwright-core (npm ci in tests/browser, pinned by its lock file).
# A second run with everything in place touches no network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
browser="$here/../tests/browser"

# tests/browser/node_modules is current when it was installed from this very lock file.
browser_deps_current() {
  cmp -s "$browser/package-lock.json" "$browser/node_modules/.pagewise-lock" 2>/dev/null
}

# chromium: Debian's browser, which the HTML report's browser test drives (never a download of
# its own: the machines reach no browser vendor).
packages=(cmake g++ gcc make ninja-build git ca-certificates openssl
          libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev libpugixml-dev chromium
          clang-format-14
          libutfcpp-dev bsdutils)
missing=()
# npm only downloads the pinned tarballs; a Node.js that ships its own npm is as good as Debian's.
if ! command -v npm >/dev/null 2>&1 &&
   { ! ls "$here"/../third_party/tree-sitter{,-c,-cpp}/.integrity >/dev/null 2>&1 || ! browser_deps_current; }; then
  packages+=(npm)
fi
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 2
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

"$here/fetch-tree-sitter.sh"

if ! browser_deps_current; then
  echo "setup: npm ci in tests/browser (playwright-core, pinned by package-lock.json)"
  (cd "$browser" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$browser/package-lock.json" "$browser/node_modules/.pagewise-lock"
fi
