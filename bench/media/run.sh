#!/usr/bin/env bash
# bench/media/run.sh — media relay benchmark: the same load generator against no relay (baseline),
# our relay (in-process, through its API) and rtpengine in userspace (ng protocol), one after the
# other in the same run. Usage: bench/media/run.sh [CALLS...]   (default: 100 250 500)
# Env: SECONDS_PER_RUN (default 20), WARMUP (default 5), GEN_THREADS (1), RELAY_THREADS (2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
calls=("${@:-100 250 500}")
read -r -a calls <<<"${calls[*]}"
secs="${SECONDS_PER_RUN:-20}"
warmup="${WARMUP:-5}"
gen_threads="${GEN_THREADS:-1}"
relay_threads="${RELAY_THREADS:-2}"
ng_port="${NG_PORT:-22222}"

command -v rtpengine >/dev/null || { echo "run.sh: rtpengine missing: apt-get install -y rtpengine-daemon" >&2; exit 1; }

mvn -B -q -o -pl media-relay -am test-compile -DskipTests >/dev/null
mvn -B -q -o -pl media-relay dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
cp="media-relay/target/test-classes:media-relay/target/classes:$(cat media-relay/target/bench.cp)"
java=(java -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$cp" io.softswitch.media.bench.MediaLoadGenerator
      --seconds="$secs" --warmup="$warmup" --gen-threads="$gen_threads")

rtp_pid=""
cleanup() { if [ -n "$rtp_pid" ]; then kill "$rtp_pid" 2>/dev/null || true; wait "$rtp_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# java: $(java -version 2>&1 | head -1); rtpengine: $(rtpengine --version 2>&1 | head -1)"
for n in "${calls[@]}"; do
  "${java[@]}" --target=direct --calls="$n"
  "${java[@]}" --target=relay --calls="$n" --relay-threads="$relay_threads" --port-min=30000
  rtpengine --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:"$ng_port" --foreground --log-stderr \
    --log-level=3 --num-threads="$relay_threads" --port-min=30000 --port-max=49999 --timeout=120 \
    --pidfile=/tmp/bench-rtpengine.pid 2>/tmp/bench-rtpengine.log &
  rtp_pid=$!
  for _ in $(seq 1 50); do [ -s /tmp/bench-rtpengine.pid ] && break; sleep 0.1; done
  sleep 0.5
  "${java[@]}" --target=rtpengine --calls="$n" --ng-port="$ng_port" --pid="$rtp_pid"
  kill "$rtp_pid"; wait "$rtp_pid" 2>/dev/null || true; rtp_pid=""; rm -f /tmp/bench-rtpengine.pid
done
