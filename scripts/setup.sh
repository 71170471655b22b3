#!/usr/bin/env bash
# Installs what building and testing pagewise needs, and nothing twice: Debian packages that are
# missing, then the pinned tree-sitter sources from the npm registry (scripts/fetch-tree-sitter.sh).
# A second run with everything in place touches no network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

packages=(cmake g++ gcc make ninja-build git ca-certificates openssl
          libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev)
missing=()
# npm only downloads the pinned tarballs; a Node.js that ships its own npm is as good as Debian's.
if ! command -v npm >/dev/null 2>&1 && ! ls "$here"/../third_party/tree-sitter{,-c,-cpp}/.integrity >/dev/null 2>&1; then
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
