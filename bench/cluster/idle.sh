#!/usr/bin/env bash
# bench/cluster/idle.sh — what an idle daemon costs (no calls), with Redis limits on or off (issue 17: a
# fixed background cost shows up as CPU per call at low call rates). Starts the daemon on the bench config
# (trunk and carrier limits as in limits.sh; "on" adds redis.url), waits WAIT s, then prints its CPU over
# MEAS s in ms per second and the threads that used any, with their ticks (1 tick = 10 ms).
#
# Usage: [JAR=core/target/softswitch.jar] [REDIS_URL=redis://127.0.0.1:6379/5] [WAIT=20] [MEAS=60] \
#        bench/cluster/idle.sh on|off
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=${1:?usage: idle.sh on|off}
jar=${JAR:-$root/core/target/softswitch.jar}; wait_s=${WAIT:-20}; meas=${MEAS:-60}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379/5}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sip=$(free_port); http=$(free_port); uas=$(free_port)
d=$(mktemp -d /tmp/idle-XXXX)
sed -e 's/^    - name: bench-pbx$/&\n      cps_limit: 100000\n      concurrent_call_limit: 1000000/' \
    -e 's/^    - name: bench-gw$/&\n      cps_limit: 100000\n      concurrent_call_limit: 1000000/' \
    "$root/bench/signalling/softswitch-bench.yaml" > "$d/template.yaml"
yaml=$d/template.yaml
# shellcheck source=bench/signalling/daemon.sh
. "$root/bench/signalling/daemon.sh"
bench_config "$d" 8
[ "$tag" = on ] && printf 'redis:\n  url: %s\n' "$redis_url" >> "$d/cfg.yaml"
java -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$jar" run --config "$d/cfg.yaml" --data-dir "$d/data" > "$d/daemon.log" 2>&1 &
jp=$!
trap 'kill "$jp" 2>/dev/null; wait "$jp" 2>/dev/null' EXIT
await_ready "$jp" || { echo "daemon not ready: $d/daemon.log"; exit 1; }
threads() { for t in /proc/"$jp"/task/*; do echo "${t##*/}:$(tr ' ' _ < "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done | sort; }
sleep "$wait_s"
t1=$(awk '{print $14 + $15}' "/proc/$jp/stat"); threads > "$d/threads1"
sleep "$meas"
t2=$(awk '{print $14 + $15}' "/proc/$jp/stat"); threads > "$d/threads2"
echo "$tag idle_cpu_ms_per_s=$(awk -v t=$((t2 - t1)) -v m="$meas" 'BEGIN {printf "%.1f", t * 10 / m}') dir=$d"
join "$d/threads1" "$d/threads2" | awk '$3 > $2 {printf "  %s %d ticks\n", $1, $3 - $2}' | sort -k2 -n -r
