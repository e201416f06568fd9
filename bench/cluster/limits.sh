#!/usr/bin/env bash
# bench/cluster/limits.sh — what cluster-wide limits cost a call (issue 17): CPU per call and the time
# a call waits for Redis, with limits in memory ("off") and in Redis ("on"), in the same run.
#
# Both runs give the bench trunk and carrier limits high enough never to refuse (cps 100000,
# 1,000,000 concurrent), so both take the limiter on every call: "off" in memory, "on" one Lua
# script per admission (the trunk's, then the carrier attempt's; the releases ride on later ones)
# to a private redis-server on a free port.
# For each run: the daemon (pinned to CPU 1) gets WARM s of SIPp traffic at RATE calls/s, then its
# CPU ticks (utime+stime) over MEAS s are divided by the calls that ended in the window; "on" also
# prints the Redis wait per call (p50/p99 of cluster.limits.redis, the timer around the round trip).
# REPEATS interleaves off/on pairs (on a shared 2-core VM single runs vary ±25 %: compare medians).
#
# Usage: [JAR=core/target/softswitch.jar] [RATE=150] [WARM=20] [MEAS=30] [REPEATS=1] bench/cluster/limits.sh
# Smoke (seconds): RATE=20 WARM=3 MEAS=4 bench/cluster/limits.sh
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar=${JAR:-$root/core/target/softswitch.jar}
rate=${RATE:-150}; warm=${WARM:-20}; meas=${MEAS:-30}; repeats=${REPEATS:-1}; threads=${SIP_THREADS:-8}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sip=$(free_port); http=$(free_port); uas=$(free_port); rport=$(free_port)
d=$(mktemp -d /tmp/cluster-limits-XXXX)
yaml=$d/template.yaml
# shellcheck source=bench/signalling/daemon.sh
. "$root/bench/signalling/daemon.sh"
# The bench config with limits on the trunk and the carrier (inserted after their names).
sed -e 's/^    - name: bench-pbx$/&\n      cps_limit: 100000\n      concurrent_call_limit: 1000000/' \
    -e 's/^    - name: bench-gw$/&\n      cps_limit: 100000\n      concurrent_call_limit: 1000000/' \
    "$root/bench/signalling/softswitch-bench.yaml" > "$yaml"
redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --dir "$d" > "$d/redis.log" 2>&1 &
rp=$!
jp=""; uasp=""
cleanup() { [ -n "$uasp" ] && kill "$uasp" 2>/dev/null; [ -n "$jp" ] && kill "$jp" 2>/dev/null; kill "$rp" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
until redis-cli -p "$rport" ping >/dev/null 2>&1; do kill -0 "$rp" || { echo "redis-server failed: $d/redis.log"; exit 1; }; sleep 0.05; done
cd "$d"
taskset -c 0 sipp -sf "$root/bench/signalling/uas.xml" -i 127.0.0.1 -p "$uas" -nostdin > uas.out 2>&1 &
uasp=$!
metric() { curl -s "http://127.0.0.1:$http/metrics" | awk -v m="$1" 'index($0, m) == 1 {s += $NF} END {print s + 0}'; }
run() { # tag
    local tag=$1 dir=$d/$1-$2
    mkdir -p "$dir"
    bench_config "$dir" "$threads"
    [ "$tag" = on ] && printf 'redis:\n  url: redis://127.0.0.1:%s\n' "$rport" >> "$dir/cfg.yaml"
    # shellcheck disable=SC2086
    taskset -c 1 java -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$jar" run --config "$dir/cfg.yaml" --data-dir "$dir/data" \
        > "$dir/daemon.log" 2>&1 &
    jp=$!
    await_ready "$jp" || { echo "$tag: daemon not ready; see $dir/daemon.log"; exit 1; }
    taskset -c 0 sipp -sf "$root/bench/signalling/uac.xml" -i 127.0.0.1 -p $((uas + 1)) -s +14155550100 -r "$rate" \
        -d 0 -l 100000 -m $((rate * (warm + meas + 2))) -nostdin "127.0.0.1:$sip" > "$dir/uac.out" 2>&1 &
    local up=$!
    sleep "$warm"
    local c1 t1 c2 t2 k1 k2
    c1=$(metric 'calls_total{'); t1=$(awk '{print $14 + $15}' "/proc/$jp/stat"); k1=$(jit_ticks "$jp")
    sleep "$meas"
    c2=$(metric 'calls_total{'); t2=$(awk '{print $14 + $15}' "/proc/$jp/stat"); k2=$(jit_ticks "$jp")
    local p50 p99 refused
    p50=$(metric 'cluster_limits_redis_seconds{quantile="0.5"'); p99=$(metric 'cluster_limits_redis_seconds{quantile="0.99"')
    wait "$up" 2>/dev/null
    refused=$(grep -E "^\s+503 <" "$dir/uac.out" | tail -1 | awk '{print $3}')
    kill "$jp"; wait "$jp" 2>/dev/null; jp=""
    awk -v tag="$tag" -v t=$((t2 - t1)) -v k=$((k2 - k1)) -v c=$((c2 - c1)) -v p50="$p50" -v p99="$p99" -v r="${refused:-0}" -v rate="$rate" 'BEGIN {
        printf "%s rate=%d calls=%d cpu_ms_per_call=%.3f jit_ms_per_call=%.3f", tag, rate, c, c ? t * 10 / c : 0, c ? k * 10 / c : 0
        if (tag == "on") printf " redis_wait_p50_ms=%.3f redis_wait_p99_ms=%.3f", p50 * 1000, p99 * 1000
        printf " 503=%s\n", r }'
}
for i in $(seq 1 "$repeats"); do
    run off "$i"
    run on "$i"
done
echo "dir=$d"
