#!/usr/bin/env bash
# bench/media/recording.sh — recording cost (issue 19): CPU per packet of a recorded call vs an
# unrecorded one in the same run (two in-process relays, one event-loop thread each, the same load;
# the second records every session as dual WAV), and the disk write rate.
#
# Usage: bench/media/recording.sh [CALLS]     (default 200 calls per relay)
# Env: SECONDS_PER_RUN (20), WARMUP (5), DIR (target/recording-bench: where the WAVs go, deleted after)
# Smoke: SECONDS_PER_RUN=2 WARMUP=1 bench/media/recording.sh 20
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
calls="${1:-200}"
mvn -B -q -o -pl media-relay -am test-compile -DskipTests -Dcheckstyle.skip >/dev/null
mvn -B -q -o -pl media-relay dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
cp="media-relay/target/test-classes:media-relay/target/classes:$(cat media-relay/target/bench.cp)"
echo "# machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xms512m -Xmx512m -Dio.netty.leakDetection.level=disabled -cp "$cp" io.softswitch.media.bench.RecordingBench \
  --calls="$calls" --seconds="${SECONDS_PER_RUN:-20}" --warmup="${WARMUP:-5}" --dir="${DIR:-target/recording-bench}"
