#!/usr/bin/env bash
# Re-records the demo shown in README.md: runs docs/demo/session.txt for real (target/bm, the rclone on PATH, two
# simulated devices sharing a cloud folder), writes docs/demo/demo.cast (asciicast v2) and renders
# docs/demo/demo.svg (animated) with svg-term-cli from npm. See docs/development.md ("The demo").
#
#   ./mvnw -B -q package -DskipTests && docs/demo/record.sh
#
# Needs: python3, rclone, npx (Node.js) for the rendering; DEMO_ROOT (default /tmp/bm-demo) is wiped first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
root="${DEMO_ROOT:-/tmp/bm-demo}"
svg_term="${SVG_TERM:-svg-term-cli@2.1.1}"

[ -x "$repo/target/bm" ] || { echo "record.sh: build first: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
command -v rclone >/dev/null || { echo "record.sh: rclone not on PATH" >&2; exit 2; }

rm -rf "$root"
mkdir -p "$root/bin" "$root/cloud"
ln -s "$repo/target/bm" "$root/bin/bm"
# The shared cloud: an rclone remote named "cloud" (an alias of a local folder), as any bucket would be.
export RCLONE_CONFIG="$root/rclone.conf"
rclone config create cloud alias remote="$root/cloud" >/dev/null

python3 "$here/asciicast.py" "$here/session.txt" "$here/demo.cast" --root "$root" \
  --path "$root/bin:$(dirname "$(command -v rclone)"):/usr/bin:/bin" \
  --env "RCLONE_CONFIG=$RCLONE_CONFIG" --width 112 --height 34 --idle 1.0 --title "bm: two devices, one conflict"

# Render: an animated SVG of the whole recording, in a window frame.
npx --yes "$svg_term" --in "$here/demo.cast" --out "$here/demo.svg" --window --no-cursor --padding 12
echo "record.sh: wrote $here/demo.cast and $here/demo.svg" >&2
