#!/usr/bin/env bash
# Installs what building and testing pagewise needs, and nothing twice: Debian packages that are
# missing, then the pinned tree-sitter sources from the npm registry (scripts/fetch-tree-sitter.sh)
# the browser test's playwright-core (npm ci in tests/browser, pinned by its lock file) and
# Microsoft's SARIF validator (npm ci in tests/sarif, likewise).
# A second run with everything in place touches no network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
browser="$here/../tests/browser"

sarif="$here/../tests/sarif"

# tests/browser/node_modules is current when it was installed from this very lock file.
browser_deps_current() {
  cmp -s "$browser/package-lock.json" "$browser/node_modules/.pagewise-lock" 2>/dev/null
}
sarif_deps_current() {
  cmp -s "$sarif/package-lock.json" "$sarif/node_modules/.pagewise-lock" 2>/dev/null
}
# The VS Code extension's TypeScript compiler and language client, for its test.
vscode="$here/../integrations/vscode"
vscode_deps_current() {
  cmp -s "$vscode/package-lock.json" "$vscode/node_modules/.pagewise-lock" 2>/dev/null
}

# libicu72: the SARIF validator's .NET runtime reads locales through ICU.
# chromium: Debian's browser, which the HTML report's browser test drives (never a download of
# its own: the machines reach no browser vendor).
# g++-mingw-w64-x86-64-posix and wine: the Windows .exe (scripts/build-windows.sh) and its test,
# which runs it under wine (Debian's wine starts wine64's loader for a 64-bit .exe).
packages=(cmake g++ gcc make ninja-build git ca-certificates openssl
          libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev libpugixml-dev
          libtomlplusplus-dev libutfcpp-dev chromium clang-format-14 g++-mingw-w64-x86-64-posix
          wine wine64 libicu72 bsdutils)
missing=()
# npm only downloads the pinned tarballs; a Node.js that ships its own npm is as good as Debian's.
if ! command -v npm >/dev/null 2>&1 &&
   { ! ls "$here"/../third_party/tree-sitter{,-c,-cpp}/.integrity >/dev/null 2>&1 || ! browser_deps_current ||
     ! sarif_deps_current || ! vscode_deps_current; }; then
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

if ! sarif_deps_current; then
  echo "setup: npm ci in tests/sarif (@microsoft/sarif-multitool, pinned by package-lock.json)"
  (cd "$sarif" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  # What the package's own postinstall does; scripts from the registry are never run.
  chmod u+x "$sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  cp "$sarif/package-lock.json" "$sarif/node_modules/.pagewise-lock"
fi

if ! vscode_deps_current; then
  echo "setup: npm ci in integrations/vscode (typescript, vscode-languageclient, pinned by package-lock.json)"
  (cd "$vscode" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$vscode/package-lock.json" "$vscode/node_modules/.pagewise-lock"
fi
