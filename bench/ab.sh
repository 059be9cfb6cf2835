#!/usr/bin/env bash
# Start-up A/B of two bm launchers (or any two commands), interleaved so that a busy machine slows both alike.
# Not a test: prints medians and every run. Usage:
#   bench/ab.sh N -- /path/to/old/bm --version -- /path/to/new/bm --version
# Example: build the old commit in a worktree, then compare its target/bm with this one's.
set -euo pipefail
[ $# -ge 4 ] && [ "$2" = "--" ] || { echo "usage: bench/ab.sh N -- COMMAND_A... -- COMMAND_B..." >&2; exit 2; }
n=$1; shift 2
a=(); while [ $# -gt 0 ] && [ "$1" != "--" ]; do a+=("$1"); shift; done
[ $# -gt 1 ] || { echo "usage: bench/ab.sh N -- COMMAND_A... -- COMMAND_B..." >&2; exit 2; }
shift; b=("$@")
ta=(); tb=()
run() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
for _ in $(seq 1 "$n"); do ta+=("$(run "${a[@]}")"); tb+=("$(run "${b[@]}")"); done
med() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "A: median $(med "${ta[@]}") ms (${ta[*]})"
echo "B: median $(med "${tb[@]}") ms (${tb[*]})"
