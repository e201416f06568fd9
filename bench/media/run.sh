#!/usr/bin/env bash
# bench/media/run.sh — media relay benchmark: the same load generator against no relay (baseline),
# our relay (its own JVM, RelayNgServer, controlled over rtpengine's ng protocol) and rtpengine in
# userspace (--table=-1, ng protocol), one after the other for each call count in the same run.
# The relay under test (our JVM, or rtpengine) is pinned to RELAY_CPU with one media thread; the
# generator (one event loop thread) to GEN_CPU. CPU of both relays from /proc/PID/stat.
#
# Usage: bench/media/run.sh [CALLS...]        (default: 250 500 1000 2000)
# Env: SECONDS_PER_RUN (20), WARMUP (10), REPEATS (1: each call count's triple is run this often),
#      RELAY_CPU (1), GEN_CPU (0), SOCKETS (8 generator sockets per side), RELAY_METRICS (micrometer|none;
#      micrometer = the bench's PacketMeters: the per-packet Micrometer work of the daemon's media meters),
#      RELAY_JAVA_OPTS (extra JVM options of our relay, e.g. JFR), OUT (raw output file, default stdout only),
#      RELAY_THREADS (1: media event loops of our relay, rtpengine's --num-threads/--media-num-threads; with 2
#      give RELAY_CPU a list, e.g. RELAY_CPU=0,1 GEN_CPU=0,1 on a 2-core VM, or RELAY_CPU=1,2 GEN_CPU=0 on 3+),
#      RELAY_MAX_QUEUE_DELAY_MS (our relay's media.max_queue_delay_ms overload protection; default the daemon's
#      50, 0 = off as before issue 21),
#      SRTP (0; 1 = leg A offers SRTP AES_CM_128_HMAC_SHA1_80 with SDES keys and leg B plain RTP, so both
#      relays translate SRTP<->RTP: rtpengine is asked transport-protocol RTP/AVP for B; the no-relay
#      baseline stays plain),
#      BASELINE_CLASSES (a directory of media-relay classes of another build, e.g. the unchanged branch: each step then
#      also runs our relay with those classes first, as target relay-base, right after ours: an A/B in the same run),
#      BASELINE_JAVA_OPTS (without BASELINE_CLASSES: target relay-base is our relay with these JVM options instead
#      of RELAY_JAVA_OPTS, e.g. BASELINE_JAVA_OPTS=-Dsoftswitch.media.transport=epoll to A/B the relay's transports),
#      DIRECT (1; 0 skips the no-relay baseline: CPU comparisons only),
#      RTPENGINE (1; 0 skips rtpengine: our relay's own counters only, e.g. its allocation per packet),
#      RELAY_CPU_QUOTA_SCOPE (process: the whole relay process is throttled, the default; media: only its media threads,
#      our relay's media-relay-* event loops and rtpengine's poller threads, so that the JVM's JIT compiler and GC
#      threads do not take the media loop's quota, as they do not take a core's time from it on a machine with
#      more cores; the other threads stay on RELAY_CPU unthrottled; CPU per packet still counts the whole process),
#      RELAY_CPU_QUOTA (percent of a core each relay may use, e.g. 40: both relays run in a CFS-throttled cgroup
#      (v1 cpu controller, 2 ms period; longer below 50 %, the quota being at least 1 ms), a slower core, so that overload is reached before the generator's own
#      core saturates on a fast machine; CPU per packet is unchanged by it),
#      NG_PORT (22222, rtpengine's), RELAY_NG_PORT (22223), PORT_MIN/PORT_MAX (30000/49999: both relays' media ports;
#      give each concurrent run.sh its own ports: relays on the same port steal each other's packets).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
calls=("${@:-250 500 1000 2000}")
read -r -a calls <<<"${calls[*]}"
secs="${SECONDS_PER_RUN:-20}"
warmup="${WARMUP:-10}"
repeats="${REPEATS:-1}"
relay_cpu="${RELAY_CPU:-1}"
gen_cpu="${GEN_CPU:-0}"
sockets="${SOCKETS:-8}"
metrics="${RELAY_METRICS:-micrometer}"
threads="${RELAY_THREADS:-1}"
queue_delay_arg=()
if [ -n "${RELAY_MAX_QUEUE_DELAY_MS:-}" ]; then queue_delay_arg=(--max-queue-delay-ms="$RELAY_MAX_QUEUE_DELAY_MS"); fi
ng_port="${NG_PORT:-22222}"
relay_ng_port="${RELAY_NG_PORT:-22223}"
port_min="${PORT_MIN:-30000}"
port_max="${PORT_MAX:-49999}"
out="${OUT:-/dev/null}"
srtp_arg=()
if [ "${SRTP:-0}" = 1 ]; then srtp_arg=(--srtp=true); fi

command -v rtpengine >/dev/null || { echo "run.sh: rtpengine missing: apt-get install -y rtpengine-daemon" >&2; exit 1; }
command -v taskset >/dev/null || { echo "run.sh: taskset missing: apt-get install -y util-linux" >&2; exit 1; }

mvn -B -q -o -pl media-relay -am test-compile -DskipTests >/dev/null
mvn -B -q -o -pl media-relay dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
cp="media-relay/target/test-classes:media-relay/target/classes:$(cat media-relay/target/bench.cp)"
gen=(taskset -c "$gen_cpu" java -Xms1g -Xmx1g -Xmn768m -XX:+UseSerialGC -XX:+AlwaysPreTouch -cp "$cp"
     io.softswitch.media.bench.MediaLoadGenerator --seconds="$secs" --warmup="$warmup" --sockets="$sockets")

pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; stop_mover; }
trap 'stop; if [ -d /sys/fs/cgroup/cpu/softswitch-bench-relay ]; then rmdir /sys/fs/cgroup/cpu/softswitch-bench-relay 2>/dev/null || true; fi' EXIT
# waits until the target's ng port answers a ping (the generator pings again itself)
wait_ng() {
  local port=$1
  for _ in $(seq 1 100); do
    if python3 - "$port" <<'EOF' 2>/dev/null; then return 0; fi
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.1)
s.sendto(b"p d7:command4:pinge", ("127.0.0.1", int(sys.argv[1])))
sys.exit(0 if b"pong" in s.recv(100) else 1)
EOF
    kill -0 "$pid" 2>/dev/null || { echo "run.sh: target died" >&2; return 1; }
  done
  echo "run.sh: no ng answer on port $port" >&2; return 1
}
line() { tee -a "$out"; }
# RELAY_CPU_QUOTA: the relay process (all its threads, later ones too) into a throttled cgroup, with a short
# CFS period (2 ms) so that a throttled relay is stopped for at most ~1 ms at a time, well under the overload
# limit (50 ms); the kernel's smallest quota is 1 ms, so below 50 % the period grows and the quota stays 1 ms
quota_group=/sys/fs/cgroup/cpu/softswitch-bench-relay
if [ -n "${RELAY_CPU_QUOTA:-}" ]; then
  quota_period=$(( RELAY_CPU_QUOTA >= 50 ? 2000 : 100000 / RELAY_CPU_QUOTA ))
  quota_us=$(( RELAY_CPU_QUOTA >= 50 ? quota_period * RELAY_CPU_QUOTA / 100 : 1000 ))
fi
quota_scope="${RELAY_CPU_QUOTA_SCOPE:-process}"
mover=""
throttle() {
  [ -n "${RELAY_CPU_QUOTA:-}" ] || return 0
  if [ ! -d "$quota_group" ]; then mkdir "$quota_group"; fi
  echo -1 > "$quota_group/cpu.cfs_quota_us" # the kernel checks a new period against the old quota
  echo "$quota_period" > "$quota_group/cpu.cfs_period_us"
  echo "$quota_us" > "$quota_group/cpu.cfs_quota_us"
  if [ "$quota_scope" = media ]; then
    # media threads only, also those started later (Netty starts a loop's thread with its first session)
    ( while kill -0 "$1" 2>/dev/null; do
        for t in /proc/"$1"/task/*; do
          case "$(cat "$t/comm" 2>/dev/null)" in
            media-relay*|poller) grep -qx "${t##*/}" "$quota_group/tasks" || echo "${t##*/}" > "$quota_group/tasks" 2>/dev/null || true ;;
          esac
        done
        sleep 0.2
      done ) &
    mover=$!
  else
    echo "$1" > "$quota_group/cgroup.procs"
  fi
}
stop_mover() { if [ -n "$mover" ]; then kill "$mover" 2>/dev/null || true; wait "$mover" 2>/dev/null || true; mover=""; fi; }
# runs our relay (its JVM on RELAY_CPU) under the generator: $1 = the target's name, $2 = its media-relay classes,
# $3 = its extra JVM options
run_relay() {
  local name=$1 classes=$2 opts=$3
  # shellcheck disable=SC2086
  # GC and safepoint log of our relay (issue 21 goal 2: is a latency outlier ours?), summarized below;
  # AutoBoxCacheMax as ./softswitch runs the daemon (the jdk transport's selector boxes socket descriptors)
  rm -f /tmp/bench-relay-jvm.log
  taskset -c "$relay_cpu" java -Xms256m -Xmx256m -XX:+UseSerialGC -XX:+AlwaysPreTouch -XX:AutoBoxCacheMax=65535 \
    -Xlog:gc,safepoint:file=/tmp/bench-relay-jvm.log:uptimemillis $opts \
    -cp "$classes:$cp" io.softswitch.media.bench.RelayNgServer --ng-port="$relay_ng_port" --threads="$threads" \
    --port-min="$port_min" --port-max="$port_max" --metrics="$metrics" "${queue_delay_arg[@]}" >/tmp/bench-relay.log 2>&1 &
  pid=$!
  throttle "$pid"
  wait_ng "$relay_ng_port"
  "${gen[@]}" --target=ng --name="$name" --calls="$n" --ng-port="$relay_ng_port" --pid="$pid" "${srtp_arg[@]}" | line
  stop
  python3 - "$n" <<'EOF' | line
import re, sys
gc, sp = [], []
for l in open("/tmp/bench-relay-jvm.log"):
    m = re.search(r"Pause .* ([\d.]+)ms$", l)
    if m:
        gc.append(float(m.group(1)))
    m = re.search(r"Total: (\d+) ns", l)
    if m:
        sp.append(int(m.group(1)) / 1e6)
print(f"# relay-jvm calls={sys.argv[1]} gc_pauses={len(gc)} gc_max_ms={max(gc, default=0):.1f} "
      f"safepoints={len(sp)} safepoint_max_ms={max(sp, default=0):.1f} (whole run, warm-up included)")
EOF
}


{
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# java: $(java -version 2>&1 | head -1); rtpengine: $(rtpengine --version 2>&1 | head -1)"
echo "# srtp: ${SRTP:-0} (1 = leg A SRTP AES_CM_128_HMAC_SHA1_80 <-> leg B plain RTP)"
echo "# relay and rtpengine on CPU $relay_cpu ($threads media thread(s) each), generator on CPU $gen_cpu; ${secs} s windows after ${warmup} s warm-up"
echo "# our relay: max_queue_delay_ms ${RELAY_MAX_QUEUE_DELAY_MS:-default (50)}"
if [ -n "${RELAY_CPU_QUOTA:-}" ]; then echo "# both relays throttled to ${RELAY_CPU_QUOTA} % of a core (CFS quota ${quota_us} us every ${quota_period} us; scope: ${quota_scope})"; fi
} | line
for ((r = 1; r <= repeats; r++)); do
  for n in "${calls[@]}"; do
    echo "# repeat $r calls $n load $(cut -d' ' -f1-3 /proc/loadavg)" | line
    if [ "${DIRECT:-1}" = 1 ]; then "${gen[@]}" --target=direct --calls="$n" | line; fi

    run_relay relay media-relay/target/classes "${RELAY_JAVA_OPTS:-}"
    if [ -n "${BASELINE_CLASSES:-}" ]; then run_relay relay-base "$BASELINE_CLASSES" "${RELAY_JAVA_OPTS:-}"
    elif [ -n "${BASELINE_JAVA_OPTS:-}" ]; then run_relay relay-base media-relay/target/classes "$BASELINE_JAVA_OPTS"; fi

    if [ "${RTPENGINE:-1}" = 0 ]; then continue; fi
    taskset -c "$relay_cpu" rtpengine --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:"$ng_port" \
      --foreground --log-stderr --log-level=3 --num-threads="$threads" --media-num-threads="$threads" --port-min="$port_min" \
      --port-max="$port_max" --timeout=120 --pidfile=/tmp/bench-rtpengine-$ng_port.pid 2>/tmp/bench-rtpengine.log &
    pid=$!
    throttle "$pid"
    wait_ng "$ng_port"
    "${gen[@]}" --target=ng --name=rtpengine --calls="$n" --ng-port="$ng_port" --pid="$pid" "${srtp_arg[@]}" | line
    stop
    rm -f /tmp/bench-rtpengine-$ng_port.pid
  done
done
