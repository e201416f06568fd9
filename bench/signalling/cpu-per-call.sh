#!/usr/bin/env bash
# bench/signalling/cpu-per-call.sh — CPU per call of the daemon at one fixed rate, for A/B comparisons
# of two builds (or JVM options) in the same session. The daemon (bench config, pinned to CPU 1; PIN_DAEMON= empty:
# unpinned, on both cores with SIPp, for the GC run at half of the unpinned capacity) gets
# WARM seconds of SIPp traffic at RATE calls/s, then the daemon's CPU ticks (utime+stime, all
# threads) over MEAS seconds are divided by the calls that ended in that window (calls_total).
# SIPp UAC and UAS run on CPU 0. Prints one line: tag, 503s seen by the UAC, calls, CPU ms per call.
#
# The daemon logs its GC to DIR/gc.log; the line also gives the young pauses in the measured window
# (count, median, max ms), the full GCs in it, and the 503s of the measured UAC run (with WARM_RATE
# equal to RATE that run includes the warm-up).
#
# Usage: [JAR=core/target/softswitch.jar] [YAML=bench/signalling/softswitch-bench.yaml] [RATE=150]
#        [MEDIA_MODE=relay|bypass] [PIN_DAEMON=1] [WARM=40] [WARM_RATE=$RATE] [MEAS=60] [SIP_THREADS=8] [MEDIA_MIN=30000 MEDIA_MAX=39999] [JOPTS="<the launcher's: -Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20>"] \
#        bench/signalling/cpu-per-call.sh TAG
# Interleave the builds (A B A B ...) and compare medians: on a shared 2-core VM single runs vary ±25 %.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=${1:?usage: cpu-per-call.sh TAG}
jar=${JAR:-$root/core/target/softswitch.jar}; yaml=${YAML:-$root/bench/signalling/softswitch-bench.yaml}
rate=${RATE:-150}; warm=${WARM:-40}; meas=${MEAS:-60}; threads=${SIP_THREADS:-8}; warm_rate=${WARM_RATE:-$rate}
jopts=${JOPTS:-"-Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20"}
# no built-in warm-up (warmup.calls 0): WARM seconds of the bench's own load warm the daemon
sip=${SIP_PORT:-25060}; http=${HTTP_PORT:-28080}; uas=${UAS_PORT:-25090}
d=$(mktemp -d /tmp/cpu-per-call-XXXX)
# shellcheck source=bench/signalling/daemon.sh
. "$root/bench/signalling/daemon.sh"
bench_config "$d" "$threads"
# shellcheck disable=SC2086
pin=${PIN_DAEMON-1}
${pin:+taskset -c "$pin"} java $jopts -Dsoftswitch.warmup.calls=0 -Xlog:gc:file="$d/gc.log":uptime -jar "$jar" run --config "$d/cfg.yaml" --data-dir "$d/data" > "$d/daemon.log" 2>&1 &
jp=$!
uasp=""
cleanup() { [ -n "$uasp" ] && kill "$uasp" 2>/dev/null; kill "$jp" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
await_ready "$jp" || { echo "$tag: daemon not ready; see $d/daemon.log"; exit 1; }
metric() { curl -s "http://127.0.0.1:$http/metrics" | awk '/^calls_total\{/ {s+=$NF} END {print s+0}'; }
ticks() { awk '{print $14 + $15}' "/proc/$jp/stat"; }
cd "$d"
taskset -c 0 sipp -sf "$root/bench/signalling/uas.xml" -i 127.0.0.1 -p "$uas" -nostdin > uas.out 2>&1 &
uasp=$!
uac() { # rate calls out
    taskset -c 0 sipp -sf "$root/bench/signalling/uac.xml" -i 127.0.0.1 -p $((uas + 1)) -s +14155550100 -r "$1" -d 0 \
        -l 100000 -m "$2" -nostdin "127.0.0.1:$sip" > "$3" 2>&1
}
r503() { grep -E "^\s+503 <" "$1" | tail -1 | awk '{print $3}'; }
if [ "$warm_rate" != "$rate" ]; then
    uac "$warm_rate" $((warm_rate * warm)) warm.out
    uac "$rate" $((rate * (meas + 5))) uac.out &
    up=$!
    sleep 5
else
    uac "$rate" $((rate * (warm + meas))) uac.out &
    up=$!
    sleep "$warm"
fi
c1=$(metric); t1=$(ticks); j1=$(ps -o etimes= -p "$jp") # JVM uptime, s (what -Xlog:gc::uptime prints)
sleep "$meas"
c2=$(metric); t2=$(ticks); j2=$(ps -o etimes= -p "$jp")
wait "$up"; ue=$?
calls=$((c2 - c1))
young=$(awk -v a="$j1" -v b="$j2" '/Pause Young/ { t = substr($1, 2) + 0; if (t >= a && t <= b) { sub("ms", "", $NF); print $NF + 0 } }' \
    "$d/gc.log" | sort -n | awk '{ y[NR] = $1 } END { printf "young=%d young_p50_ms=%.0f young_max_ms=%.0f", NR, NR ? y[int((NR + 1) / 2)] : 0, y[NR] }')
full=$(awk -v a="$j1" -v b="$j2" '/Pause Full/ { t = substr($1, 2) + 0; if (t >= a && t <= b) f++ } END { print f + 0 }' "$d/gc.log")
gc="$young full=$full"
echo "$tag rate=$rate calls=$calls 503=$(r503 uac.out) $gc cpu_ms_per_call=$(awk -v t=$((t2 - t1)) -v c="$calls" 'BEGIN {printf "%.3f", c ? t * 10 / c : 0}') uac_exit=$ue load=$(cut -d' ' -f1 /proc/loadavg) dir=$d"
