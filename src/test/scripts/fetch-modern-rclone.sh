#!/usr/bin/env bash
# Fetches Debian unstable's rclone package (the modern era, 1.75.x today) into a cache folder and prints the path
# of its binary on stdout. Installs nothing system-wide: apt-get runs with private source, list and cache folders;
# the package is only unpacked with dpkg-deb -x. The mirror is read from this machine's own apt sources: no
# package host is written here.
#
#   fetch-modern-rclone.sh [CACHE_DIR]     default: $BM_TEST_CACHE or ~/.cache/bm-test
#
# A cached binary younger than BM_RCLONE_REFRESH_DAYS (default 7) is reused without touching the network; an older
# one is refreshed, and kept if the refresh fails. Exit 1 with one clear line on stderr when no binary can be had.
set -euo pipefail

cache=${1:-${BM_TEST_CACHE:-$HOME/.cache/bm-test}}
dest="$cache/rclone-sid"
bin="$dest/usr/bin/rclone"
refresh_days=${BM_RCLONE_REFRESH_DAYS:-7}

say() { echo "fetch-modern-rclone: $*" >&2; }

works() { [ -x "$1" ] && "$1" version >/dev/null 2>&1; }

if works "$bin" && [ -z "$(find "$bin" -mtime +"$refresh_days" 2>/dev/null)" ]; then
  echo "$bin"
  exit 0
fi

# The first non-security Debian mirror of this machine's apt sources (deb822 .sources, then one-line .list files).
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror=$(awk '
    /^[[:space:]]*$/ { if (uri != "" && suites !~ /security/ && types ~ /(^| )deb( |$)/) { print uri; exit } uri=""; suites=""; types=""; next }
    /^Types:/  { sub(/^Types:[[:space:]]*/, ""); types=$0 }
    /^URIs:/   { sub(/^URIs:[[:space:]]*/, ""); split($0, u, /[[:space:]]+/); uri=u[1] }
    /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites=$0 }
    END { if (uri != "" && suites !~ /security/ && types ~ /(^| )deb( |$)/) print uri }
  ' "$f" | head -n 1)
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ]; then
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { if ($(i+1) !~ /security/) { print $i; exit } else break } }' "$f" | head -n 1)
    [ -n "$mirror" ] && break
  done
fi
if [ -z "$mirror" ]; then
  if works "$bin"; then say "no Debian mirror in this machine's apt sources; keeping the cached $("$bin" version | sed -n 1p)"; echo "$bin"; exit 0; fi
  say "no Debian mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list: cannot fetch rclone from unstable"
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bm-rclone-sid.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sources" "$work/lists/partial" "$work/cache/archives/partial" "$work/deb"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ -f "$keyring" ]; then
  echo "deb [signed-by=$keyring] $mirror sid main" > "$work/sources/sid.list"
else
  echo "deb $mirror sid main" > "$work/sources/sid.list"
fi
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/sources"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Debug::NoLocking=1"
  -o "APT::Get::List-Cleanup=0" -o "Acquire::Languages=none")
if ! apt-get "${apt_opts[@]}" update >"$work/update.log" 2>&1; then
  if works "$bin"; then say "apt-get update for sid failed; keeping the cached $("$bin" version | sed -n 1p)"; touch "$bin"; echo "$bin"; exit 0; fi
  say "apt-get update for suite sid of $mirror failed: $(grep -E '^(E|Err):' "$work/update.log" | head -n 1)"
  exit 1
fi
if ! (cd "$work/deb" && apt-get "${apt_opts[@]}" download rclone >"$work/download.log" 2>&1); then
  if works "$bin"; then say "apt-get download rclone failed; keeping the cached $("$bin" version | sed -n 1p)"; touch "$bin"; echo "$bin"; exit 0; fi
  say "apt-get download rclone (sid) failed: $(grep -E '^(E|Err):' "$work/download.log" | head -n 1)"
  exit 1
fi
deb=$(ls "$work"/deb/rclone_*.deb | head -n 1)
mkdir -p "$cache"
rm -rf "$dest.new"
dpkg-deb -x "$deb" "$dest.new"
if ! works "$dest.new/usr/bin/rclone"; then
  say "the unpacked $(basename "$deb") does not run here: $("$dest.new/usr/bin/rclone" version 2>&1 | head -n 1)"
  rm -rf "$dest.new"
  exit 1
fi
basename "$deb" > "$dest.new/PACKAGE"
rm -rf "$dest"
mv "$dest.new" "$dest"
touch "$bin"
say "fetched $(cat "$dest/PACKAGE") into $dest"
echo "$bin"
