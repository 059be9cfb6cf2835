#!/usr/bin/env bash
# bm benchmarks (not tests: they print figures, they assert nothing). Usage:
#   bench/run.sh [all|startup|parser|overhead|watch|watch-memory] [--quick]
# all = startup parser overhead watch (watch-memory takes 10 minutes: run it on its own).
# Needs target/bm (./mvnw -B package -DskipTests) and test classes (./mvnw -B test-compile) for the parser bench.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
quick=${2:-}
if [ "$what" = "--quick" ]; then what=all; quick=--quick; fi
BM=$PWD/target/bm
[ -x "$BM" ] || { echo "bench: build first: ./mvnw -B package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
watchers=()
# only the watchers this script started (other bm processes on the machine are left alone)
trap 'for p in "${watchers[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
results=()
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100+0.999); if (i<1) i=1; print a[i]}'; }
row() { results+=("| $1 | $2 |"); printf '%-44s %s\n' "$1" "$2" >&2; } # progress on stderr, the table at the end

startup() {
  local home=$work/startup-home n=${1:-15}
  BM_HOME=$home "$BM" sync history --json >/dev/null
  for cmd in "--version" "sync history --json"; do
    local t
    t=$(for i in $(seq 1 "$n"); do s=$(now_ms); BM_HOME=$home "$BM" $cmd >/dev/null; e=$(now_ms); echo $((e - s)); done | median)
    row "startup: bm $cmd (median of $n)" "$t ms"
  done
  local java17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
  if [ -x $java17 ]; then
    local t
    t=$(for i in $(seq 1 "$n"); do s=$(now_ms); BM_HOME=$home $java17 -jar "$(ls target/*-runner.jar | head -n 1)" --version >/dev/null; e=$(now_ms); echo $((e - s)); done | median)
    row "startup: plain java -jar, JDK 17, no cache" "$t ms (for comparison)"
  fi
}

parser() {
  local cp; cp="target/classes:target/test-classes:$(ls target/*-runner.jar | head -n 1)"
  [ -d target/test-classes/com/basicmemory/bm/bench ] || ./mvnw -B -q test-compile
  local line
  while read -r line; do # not in a pipeline: row must run in this shell to reach the table
    row "$(echo "$line" | cut -c1-12)" "$(echo "$line" | cut -c13-)"
  done < <(java -Xmx256m -XX:+UseSerialGC -cp "$cp" com.basicmemory.bm.bench.ParserBench "${1:-1000000}")
}

make_tree() { # dir files
  mkdir -p "$1"
  for i in $(seq 1 "$2"); do d=$((i % 50)); mkdir -p "$1/d$d"; printf '# note %s\n\nsome text\n' "$i" > "$1/d$d/n$i.md"; done
}

change() { # dir count round
  local n=0
  for f in $(find "$1" -name '*.md' | sort | head -n "$2"); do printf 'edit %s\n' "$3" >> "$f"; n=$((n + 1)); done
  touch -d "+$3 seconds" $(find "$1" -name '*.md' | sort | head -n "$2")
}

overhead() {
  local files=${1:-10000} changed=${2:-1000} rounds=${3:-3}
  local raw=$work/raw bmw=$work/bm
  make_tree "$raw/local/p" "$files"; cp -r "$raw/local" "$bmw-sync"; mkdir -p "$raw/cloud/p" "$raw/wd" "$bmw-cloud"
  BM_HOME=$bmw-home "$BM" cloud setup -q --sync-dir "$bmw-sync" --remote "$bmw-cloud"
  BM_HOME=$bmw-home "$BM" sync -q
  # the raw runs get exactly the flags bm passes to rclone (read from bm's own --dry-run) and bm's filters file;
  # only the folders differ
  local line flags
  line=$(BM_HOME=$bmw-home "$BM" sync --dry-run -p p 2>&1 | grep -m1 ' bisync ')
  flags=$(echo "$line" | sed -e 's/.* bisync [^ ]* [^ ]* //' -e 's/ --dry-run//' -e 's/--workdir [^ ]*//' \
    -e 's/--filters-file [^ ]*//')
  cp "$bmw-home/filters/p.filters" "$raw/filters"
  rclone bisync "$raw/local/p" "$raw/cloud/p" --workdir "$raw/wd" --filters-file "$raw/filters" --resync -q
  row "overhead: flags of both (from bm --dry-run)" "$flags"
  local rt=() bt=()
  raw_run() {
    s=$(now_ms)
    # shellcheck disable=SC2086 # the flags are words
    rclone bisync "$raw/local/p" "$raw/cloud/p" --workdir "$raw/wd" --filters-file "$raw/filters" $flags 2>/dev/null
    e=$(now_ms); rt+=($((e - s)))
  }
  bm_run() { s=$(now_ms); BM_HOME=$bmw-home "$BM" sync -q; e=$(now_ms); bt+=($((e - s))); }
  for r in $(seq 1 "$rounds"); do
    change "$raw/local/p" "$changed" "$r"; change "$bmw-sync/p" "$changed" "$r"
    if [ $((r % 2)) -eq 1 ]; then raw_run; bm_run; else bm_run; raw_run; fi # A/B, alternating who goes first
  done
  local rm bm
  rm=$(printf '%s\n' "${rt[@]}" | median); bm=$(printf '%s\n' "${bt[@]}" | median)
  row "overhead: raw rclone bisync, $files files, $changed changed" "$rm ms (median of $rounds: ${rt[*]})"
  row "overhead: bm sync, same tree and changes" "$bm ms (median of $rounds: ${bt[*]})"
  row "overhead: ratio bm / rclone" "$(awk -v a="$bm" -v b="$rm" 'BEGIN {printf "%.2fx (bm - rclone = %d ms)", a/b, a-b}')"
  # the goal is "1.05x plus start-up": bm's start-up here is a start that opens this home's history database
  local st
  st=$(for i in $(seq 1 5); do s=$(now_ms); BM_HOME=$bmw-home "$BM" sync history --json >/dev/null; e=$(now_ms); echo $((e - s)); done | median)
  row "overhead: bm start-up on that home (history --json, median of 5)" "$st ms"
  row "overhead: ratio (bm - start-up) / rclone" "$(awk -v a="$bm" -v b="$rm" -v s="$st" 'BEGIN {printf "%.2fx", (a-s)/b}')"
}

watch_latency() {
  local saves=${1:-50} home=$work/watch-home sync=$work/watch-sync cloud=$work/watch-cloud
  mkdir -p "$sync/w"; echo first > "$sync/w/first.md"
  BM_HOME=$home "$BM" cloud setup -q --sync-dir "$sync" --remote "$cloud"
  BM_HOME=$home "$BM" sync --watch --interval 600s -q 2>"$work/watch.err" &
  local pid=$!
  watchers+=("$pid")
  for i in $(seq 1 600); do [ -f "$cloud/w/first.md" ] && break; sleep 0.1; done
  sleep 2
  local lat=()
  for i in $(seq 1 "$saves"); do
    s=$(now_ms); printf 'save %s\n' "$i" > "$sync/w/save$i.md"
    until [ -f "$cloud/w/save$i.md" ]; do sleep 0.02; done
    e=$(now_ms); lat+=($((e - s))); sleep 1.5
  done
  row "watch: save-to-cloud latency p50 ($saves saves)" "$(printf '%s\n' "${lat[@]}" | pct 50) ms"
  row "watch: save-to-cloud latency p95" "$(printf '%s\n' "${lat[@]}" | pct 95) ms"
  row "watch: RSS after the saves" "$(awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$pid/status)"
  kill -TERM $pid; wait $pid || true
}

watch_memory() {
  local seconds=${1:-600} home=$work/mem-home sync=$work/mem-sync cloud=$work/mem-cloud
  mkdir -p "$sync/w"; echo first > "$sync/w/first.md"
  BM_HOME=$home "$BM" cloud setup -q --sync-dir "$sync" --remote "$cloud"
  BM_HOME=$home "$BM" sync --watch --interval 30s -q 2>/dev/null &
  local pid=$! start
  watchers+=("$pid")
  start=$(date +%s)
  local i=0 rss1=""
  while [ $(( $(date +%s) - start )) -lt "$seconds" ]; do
    i=$((i + 1)); printf 'save %s\n' "$i" > "$sync/w/note$((i % 20)).md"; sleep 5
    if [ -z "$rss1" ] && [ $(( $(date +%s) - start )) -ge 60 ]; then rss1=$(awk '/VmRSS/ {print $2/1024}' /proc/$pid/status); fi
  done
  row "watch: RSS after 1 minute" "${rss1:-?} MiB"
  row "watch: RSS after $seconds s ($i saves)" "$(awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$pid/status)"
  kill -TERM $pid; wait $pid || true
}

if [ "$quick" = "--quick" ]; then
  sizes=(5 100000 2000 200 2 10)
else
  sizes=(15 1000000 10000 1000 3 50)
fi
case "$what" in
  startup) startup "${sizes[0]}" ;;
  parser) parser "${sizes[1]}" ;;
  overhead) overhead "${sizes[2]}" "${sizes[3]}" "${sizes[4]}" ;;
  watch) watch_latency "${sizes[5]}" ;;
  watch-memory) watch_memory "${3:-600}" ;;
  all) startup "${sizes[0]}"; parser "${sizes[1]}"; overhead "${sizes[2]}" "${sizes[3]}" "${sizes[4]}"; watch_latency "${sizes[5]}" ;;
  *) echo "usage: bench/run.sh [all|startup|parser|overhead|watch|watch-memory] [--quick]" >&2; exit 2 ;;
esac
echo
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $(rclone version | head -1)"
echo
echo "| figure | value |"
echo "| --- | --- |"
printf '%s\n' "${results[@]}"
