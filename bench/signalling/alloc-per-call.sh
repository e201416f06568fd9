#!/usr/bin/env bash
# bench/signalling/alloc-per-call.sh — bytes allocated per call and retained heap per call
# (issue 15 goal 4: <= 40 KiB allocated per call). The bench scenario (SIPp uac INVITE/200/ACK/BYE
# with SDP -> daemon -> SIPp uas) at RATE calls/s: WARM seconds unscored, then a JFR recording
# (profile settings: jdk.ThreadAllocationStatistics at its start and end, jdk.ObjectAllocationSample)
# over MEAS seconds; bytes per call = bytes allocated by all threads / calls ended in the window
# (calls_total). Then, with the load still on, heap after a full GC ("live"); then the load stops and,
# once every call's transaction state has expired (IDLE seconds), heap after a full GC again ("idle").
# retained = (live - idle) / calls ended in the RETAIN seconds before the live sample (what a call
# keeps alive after it ends: transactions, dialogs, relay ports in quarantine).
# Allocation is counted in bytes, not time, but it is not fully load-independent: C2's escape analysis
# removes allocations once the call path is compiled (hence the 60 s warm-up), and a loaded machine
# adds SIPp retransmissions, each parsed again. On the busy 2-core VM single runs spread by +-4 %:
# compare builds in interleaved pairs (JAR=...).
#
# Usage: [MODE=relay|bypass] [RATE=100] [WARM=60] [MEAS=30] [IDLE=40] [RETAIN=32] [TOP=15]
#        [JAR=core/target/softswitch.jar] [JOPTS="-Xms1g -Xmx1g -XX:+UseParallelGC"] \
#        bench/signalling/alloc-per-call.sh TAG
# Output: the report (bytes/call, top sites) and one summary line; files in the printed dir.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=${1:?usage: alloc-per-call.sh TAG}
jar=${JAR:-$root/core/target/softswitch.jar}; yaml=${YAML:-$root/bench/signalling/softswitch-bench.yaml}
rate=${RATE:-100}; warm=${WARM:-60}; meas=${MEAS:-30}; idle=${IDLE:-40}; retain=${RETAIN:-32}
mode=${MODE:-relay}; top=${TOP:-15}
jopts=${JOPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC"}
py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3
# Free loopback ports (other benches and tests may run beside this one).
# shellcheck source=bench/signalling/daemon.sh
. "$root/bench/signalling/daemon.sh"
read -r sip http uas < <(free_ports)
media_min=$((40000 + RANDOM % 9000 * 2))
media_max=$((media_min + 1999))
d=$(mktemp -d /tmp/alloc-per-call-XXXX)
bench_config "$d" 8
sed -i -e "s/port_min: 30000/port_min: $media_min/;s/port_max: 39999/port_max: $media_max/;s/mode: relay/mode: $mode/" "$d/cfg.yaml"
# shellcheck disable=SC2086
java $jopts -Dsoftswitch.warmup.calls=0 -jar "$jar" run --config "$d/cfg.yaml" --data-dir "$d/data" > "$d/daemon.log" 2>&1 &
jp=$!
uasp=""; up=""
cleanup() { for p in $up $uasp $jp; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
await_ready "$jp" || { echo "$tag: daemon not ready; see $d/daemon.log"; exit 1; }
metric() { curl -s "http://127.0.0.1:$http/metrics" | awk '/^calls_total\{/ {s+=$NF} END {print s+0}'; }
# Heap used after a full GC, bytes (ParallelGC / G1 / Serial lines of GC.heap_info: "total NK, used MK").
live_heap() {
    jcmd "$jp" GC.run >/dev/null
    jcmd "$jp" GC.heap_info | awk '/(PSYoungGen|ParOldGen|garbage-first heap|def new generation|tenured generation)/ {
        for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K,?", "", v); s += v } } END { print s * 1024 }'
}
cd "$d"
sipp -sf "$root/bench/signalling/uas.xml" -i 127.0.0.1 -p "$uas" -nostdin > uas.out 2>&1 &
uasp=$!
sipp -sf "$root/bench/signalling/uac.xml" -i 127.0.0.1 -p $((uas + 1)) -s +14155550100 -r "$rate" -d 0 \
    -l 100000 -m $((rate * (warm + meas + retain + 30))) -nostdin "127.0.0.1:$sip" > uac.out 2>&1 &
up=$!
sleep "$warm"
# The JDK's profile settings with allocation samples at up to 3000/s (300/s leaves ~1 sample per 5
# calls: too few to rank sites).
jfc="$(dirname "$(readlink -f "$(command -v java)")")/../lib/jfr/profile.jfc"
sed 's|<setting name="throttle" control="allocation-profiling">300/s</setting>|<setting name="throttle">3000/s</setting>|' "$jfc" > "$d/alloc.jfc"
jcmd "$jp" JFR.start name=alloc settings="$d/alloc.jfc" filename="$d/alloc.jfr" >/dev/null
c1=$(metric)
sleep "$meas"
c2=$(metric)
jcmd "$jp" JFR.stop name=alloc >/dev/null
# The calls of the last RETAIN seconds are what a call's leftover state is multiplied by.
sleep "$retain"
c3=$(metric); live=$(live_heap)
kill "$up" 2>/dev/null; wait "$up" 2>/dev/null; up=""
sleep "$idle"
idle_heap=$(live_heap)
failed=$(grep -E "^\s+Failed call" uac.out | tail -1 | awk -F'|' '{gsub(/ /, "", $3); print $3}')
"$py" "$root/bench/signalling/alloc_report.py" "$d/alloc.jfr" $((c2 - c1)) "$top" | tee report.txt
recent=$((c3 - c2)); [ "$recent" -gt 0 ] || recent=1
bpc=$(awk '/^calls=/ { for (i = 1; i <= NF; i++) if ($i ~ /^bytes_per_call=/) { sub("bytes_per_call=", "", $i); print $i } }' report.txt)
echo "$tag mode=$mode rate=$rate calls=$((c2 - c1)) alloc_bytes_per_call=$bpc live_heap_mib=$((live / 1048576)) idle_heap_mib=$((idle_heap / 1048576)) retained_bytes_per_call=$(( (live - idle_heap) / recent )) failed=${failed:-?} load=$(cut -d' ' -f1 /proc/loadavg) dir=$d"
