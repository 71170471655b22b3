#!/usr/bin/env bash
# Fetches the source of pugixml for the Windows cross build into DIR (default build-windows/deps):
# Debian's libpugixml-dev ships only a Linux library, and the .exe needs pugixml compiled by
# mingw. The source is Debian's own source package of the very version libpugixml-dev has
# (bookworm's 1.13-0.2), fetched by apt with a private list of deb-src lines under DIR, so the
# system's apt configuration is not touched. apt checks the files against the signed Sources
# index; the upstream tarball's SHA-256 is checked again here. Nothing of it is committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build-windows/deps}
version=1.13-0.2
tarball=pugixml_1.13.orig.tar.gz
sha256=5c5ad5d7caeb791420408042a7d88c2c6180781bf218feca259fd9d840a888e1

[ -f "$dir/pugixml/.verified" ] && exit 0
apt_dir="$dir/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/source"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
  >"$apt_dir/sources.list"
apt_opts=(-q -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
          -o APT::Sandbox::User=root)
echo "fetch-pugixml-source: Debian source package pugixml $version"
apt-get "${apt_opts[@]}" update >/dev/null
(cd "$apt_dir/source" && apt-get "${apt_opts[@]}" source --download-only "pugixml=$version" >/dev/null)
echo "$sha256  $apt_dir/source/$tarball" | sha256sum -c --quiet -
rm -rf "$dir/pugixml"
mkdir -p "$dir/pugixml"
tar -xzf "$apt_dir/source/$tarball" -C "$dir/pugixml" --strip-components=1 pugixml-1.13/src
touch "$dir/pugixml/.verified"
