#!/usr/bin/env bash
# bench/voice/run.sh — cost of programmable voice beside plain trunking, in one daemon and one run.
#
# Phase "trunk": SIPp calls +14155550100 at RATE calls/s for DUR s; the bench config routes it to a
# SIPp UAS (the plain trunking call, INVITE/200/ACK/BYE, relay media).
# Phase "ivr": SIPp calls +14155550142, a number with a VoiceUrl (no trunk), at RATE calls/s for DUR s.
# The webhook (ivr_server.py) answers a two-verb IVR: <Say> (cached after the first call) and a
# <Gather> nobody answers (GATHER s), so each call is held about 2 + GATHER s by the switch's TwiML
# engine, which then hangs up (the UAC waits for that BYE). Concurrent IVR calls ~ RATE x hold.
#
# For each phase: calls ended in the measured window (calls_total), the daemon's CPU (utime+stime
# of all threads, /proc) per call, the mean concurrent calls (calls_active sampled each second) and
# CPU per concurrent call per second (ms of CPU each held call costs per second it is up).
# The first WARM s of each phase are not measured (JIT, TTS cache fill).
#
# Usage: [JAR=core/target/softswitch.jar] [RATE=20] [DUR=60] [WARM=10] [GATHER=10] bench/voice/run.sh [TAG]
# Check run (not a measurement): RATE=5 DUR=10 WARM=3 GATHER=2 bench/voice/run.sh check
# Needs: java 17, sipp, python3, curl, espeak-ng; the jar from `mvn -DskipTests package`.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=${1:-voice}
jar=${JAR:-$root/core/target/softswitch.jar}; yaml=$root/bench/signalling/softswitch-bench.yaml
rate=${RATE:-20}; dur=${DUR:-60}; warm=${WARM:-10}; gather=${GATHER:-10}
sip=${SIP_PORT:-26060}; http=${HTTP_PORT:-28180}; uas=${UAS_PORT:-26090}; hook=${HOOK_PORT:-28190}
number=+14155550142
d=$(mktemp -d /tmp/bench-voice-XXXX)
# shellcheck source=bench/signalling/daemon.sh
. "$root/bench/signalling/daemon.sh"
bench_config "$d" 8
java -Xms512m -Xmx1g -XX:+UseParallelGC -jar "$jar" run --config "$d/cfg.yaml" --data-dir "$d/data" > "$d/daemon.log" 2>&1 &
jp=$!
python3 "$root/bench/voice/ivr_server.py" "$hook" "$gather" > "$d/hook.log" 2>&1 &
hp=$!
uasp=""
cleanup() { [ -n "$uasp" ] && kill "$uasp" 2>/dev/null; kill "$hp" "$jp" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
await_ready "$jp" || { echo "$tag: daemon not ready; see $d/daemon.log"; exit 1; }
# shellcheck disable=SC1091
. "$d/data/credentials"
code=$(curl -s -o "$d/number.json" -w '%{http_code}' -u "$SOFTSWITCH_ACCOUNT_SID:$SOFTSWITCH_AUTH_TOKEN" \
    "http://127.0.0.1:$http/2010-04-01/Accounts/$SOFTSWITCH_ACCOUNT_SID/IncomingPhoneNumbers.json" \
    --data-urlencode PhoneNumber=$number --data-urlencode VoiceUrl="http://127.0.0.1:$hook/voice")
[ "$code" = 201 ] || { echo "$tag: number not provisioned ($code): $(cat "$d/number.json")"; exit 1; }
cd "$d"
sipp -sf "$root/bench/signalling/uas.xml" -i 127.0.0.1 -p "$uas" -nostdin > uas.out 2>&1 &
uasp=$!
calls() { curl -s "http://127.0.0.1:$http/metrics" | awk '/^calls_total\{/ {s+=$NF} END {print s+0}'; }
active() { curl -s "http://127.0.0.1:$http/metrics" | awk '/^calls_active / {print $NF+0}'; }
ticks() { awk '{print $14 + $15}' "/proc/$jp/stat"; }

# phase NAME SCENARIO DIALED: one measured phase, one result line.
phase() {
    local name=$1 scenario=$2 dialed=$3 total=$((rate * (warm + dur)))
    sipp -sf "$scenario" -i 127.0.0.1 -p $((uas + 1)) -s "$dialed" -r "$rate" -d 0 -l 100000 -m "$total" \
        -nostdin "127.0.0.1:$sip" > "$name.out" 2>&1 &
    local up=$!
    sleep "$warm"
    local c1 t1 sum=0 n=0
    c1=$(calls); t1=$(ticks)
    for _ in $(seq "$dur"); do
        sleep 1
        sum=$(awk -v s="$sum" -v a="$(active)" 'BEGIN {print s + a}'); n=$((n + 1))
    done
    local c2 t2
    c2=$(calls); t2=$(ticks)
    wait "$up"; local ue=$?
    awk -v tag="$tag" -v name="$name" -v c=$((c2 - c1)) -v t=$((t2 - t1)) -v s="$sum" -v n="$n" -v dur="$dur" \
        -v rate="$rate" -v ue="$ue" -v la="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
        conc = n ? s / n : 0
        printf "%s %s rate=%d calls=%d cpu_ms_per_call=%.2f mean_concurrent=%.1f cpu_ms_per_concurrent_call_s=%.3f uac_exit=%d load=%s\n",
            tag, name, rate, c, c ? t * 10 / c : 0, conc, conc ? t * 10 / conc / dur : 0, ue, la }'
}
phase trunk "$root/bench/signalling/uac.xml" +14155550100
# The IVR phase waits for the switch's BYE: the test suite's "call until BYE" caller.
phase ivr "$root/core/src/test/sipp/uac-call-until-bye.xml" "$number"
echo "$tag: logs in $d (daemon.log, trunk.out, ivr.out)"
