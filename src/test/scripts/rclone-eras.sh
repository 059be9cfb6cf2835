#!/usr/bin/env bash
# Sets up the two rclone eras the end-to-end suite runs against, as TARGET/rclone-eras/{floor,modern}/rclone:
#   floor:  Debian stable's rclone (1.60.1): $BM_RCLONE_FLOOR, else `rclone` on the PATH (apt-get install rclone);
#   modern: Debian unstable's rclone (1.75.x): $BM_RCLONE_MODERN, else fetched by fetch-modern-rclone.sh.
# Prints both versions. Fails with one clear line when an era is missing or is not of its era (floor < 1.66 <=
# modern): a missing era is a failed build, never a skipped suite.
#
#   rclone-eras.sh TARGET_DIR
set -euo pipefail
target=${1:?usage: rclone-eras.sh TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)

fail() { echo "rclone-eras: $*" >&2; exit 1; }

floor=${BM_RCLONE_FLOOR:-}
if [ -z "$floor" ]; then
  floor=$(command -v rclone || true)
  [ -n "$floor" ] || fail "no rclone on the PATH for the floor era (Debian stable's 1.60.1: apt-get install rclone), or set BM_RCLONE_FLOOR"
fi
modern=${BM_RCLONE_MODERN:-}
if [ -z "$modern" ]; then
  modern=$("$here/fetch-modern-rclone.sh") || fail "cannot fetch Debian unstable's rclone for the modern era (see the line above); set BM_RCLONE_MODERN to a 1.66+ rclone to run without fetching"
fi

version() { "$1" version 2>/dev/null | sed -n '1s/^rclone v\{0,1\}//p'; }
minor() { echo "$1" | sed -n 's/^1\.\([0-9]*\).*/\1/p'; }

fv=$(version "$floor") || true
mv=$(version "$modern") || true
[ -n "$fv" ] || fail "the floor era's rclone ($floor) does not run"
[ -n "$mv" ] || fail "the modern era's rclone ($modern) does not run"
fm=$(minor "$fv"); mm=$(minor "$mv")
[ -n "$fm" ] && [ "$fm" -lt 66 ] || fail "the floor era's rclone ($floor) is $fv, not one before 1.66: point BM_RCLONE_FLOOR at Debian stable's rclone 1.60"
[ -n "$mm" ] && [ "$mm" -ge 66 ] || fail "the modern era's rclone ($modern) is $mv, not 1.66 or later"

for era in floor modern; do
  # failsafe merges a run into an existing summary: a rerun without `clean` would still fail on old failures
  rm -f "$target/failsafe-reports/$era/failsafe-summary.xml"
  mkdir -p "$target/rclone-eras/$era"
  ln -sfn "$(readlink -f "${!era}")" "$target/rclone-eras/$era/rclone"
done
echo "rclone-eras: floor  rclone $fv ($(readlink -f "$floor"))"
echo "rclone-eras: modern rclone $mv ($(readlink -f "$modern"))"
