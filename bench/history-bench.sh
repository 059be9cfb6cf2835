#!/usr/bin/env bash
# The history at scale: a benchmark, not a test (CI never runs it).
# Generates a history database of N reports (default 1,000,000; ~1.3 GB under target/bench-home, reused by the next
# run when it holds N reports), then prints the query time and the process wall time of `target/bm stats --since 30d`
# and `target/bm sync history --limit 20` (and a few more), medians of 5. See docs/stats.md#scale.
#
#   bench/history-bench.sh [N]          BENCH_HOME=DIR to put the database elsewhere
set -euo pipefail
cd "$(dirname "$0")/.."
reports=${1:-1000000}
home=${BENCH_HOME:-target/bench-home}

if [ ! -x target/bm ]; then
  ./mvnw -B -q package -DskipTests
fi
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  com.basicmemory.bm.bench.HistoryBench --reports "$reports" --home "$home" --bm target/bm
