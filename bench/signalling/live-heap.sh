#!/usr/bin/env bash
# bench/signalling/live-heap.sh — what the daemon keeps alive per call (issue 15 goal 4, G1's promotion):
# the bench scenario (SIPp uac INVITE/200/ACK/BYE with SDP -> daemon -> SIPp uas, no hold) at RATE calls/s
# for LOAD seconds, then a class histogram of the live heap (jmap -histo:live, a full GC first) with the load
# still on; the UAC stops, and IDLE seconds later (every transaction and dialog expired) a second one. The
# difference of the two totals is the heap that calls keep alive (nearly all of them calls that have ended:
# no hold); divided by RATE it is size x seconds kept per call, what G1 copies and promotes. The instance
# counts of SIPDialog, SIP*TransactionImpl, UacLeg, UasLeg and Call, divided by RATE, are how many seconds
# each outlives its call. Counts, not times: robust to a busy machine.
#
# Usage: [JAR=core/target/softswitch.jar] [RATE=200] [LOAD=60] [IDLE=45] [MEDIA_MODE=bypass|relay]
#        [OUT=DIR] bench/signalling/live-heap.sh
# Prints the totals and the rows of those classes; DIR/histo-load.txt and DIR/histo-idle.txt.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar=${JAR:-$root/core/target/softswitch.jar}; yaml=${YAML:-$root/bench/signalling/softswitch-bench.yaml}
rate=${RATE:-200}; load=${LOAD:-60}; idle=${IDLE:-45}
d=${OUT:-$(mktemp -d /tmp/live-heap-XXXX)}; mkdir -p "$d"
# shellcheck source=bench/signalling/daemon.sh
. "$root/bench/signalling/daemon.sh"
read -r sip http uas < <(free_ports)
MEDIA_MODE=${MEDIA_MODE:-bypass} bench_config "$d" 8
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null' EXIT
java -Xms1g -Xmx1g -XX:+UseG1GC -Dsoftswitch.warmup.calls=0 -jar "$jar" run --config "$d/cfg.yaml" --data-dir "$d/data" \
    > "$d/daemon.log" 2>&1 &
jp=$!; pids+=("$jp")
await_ready "$jp" || { echo "live-heap: daemon not ready; see $d/daemon.log"; exit 1; }
sipp -sf "$root/bench/signalling/uas.xml" -i 127.0.0.1 -p "$uas" -nostdin > "$d/uas.out" 2>&1 &
pids+=($!)
sipp -sf "$root/bench/signalling/uac.xml" -i 127.0.0.1 -p $((uas + 1)) -s +14155550100 -r "$rate" -d 0 -l 100000 \
    -m $((rate * (load + 10))) -nostdin "127.0.0.1:$sip" > "$d/uac.out" 2>&1 &
up=$!; pids+=("$up")
sleep "$load"
jmap -histo:live "$jp" > "$d/histo-load.txt"
wait "$up"
sleep "$idle"
jmap -histo:live "$jp" > "$d/histo-idle.txt"
for f in histo-load histo-idle; do printf '%s: %s\n' "$f" "$(tail -1 "$d/$f.txt")"; done
awk -v r="$rate" 'FNR == 1 { f++ } /Total/ { t[f] = $3 } END { printf "live heap of calls that have ended: %.1f MiB at %d calls/s (%.1f KiB x seconds per call)\n", (t[1] - t[2]) / 1048576, r, (t[1] - t[2]) / r / 1024 }' \
    "$d/histo-load.txt" "$d/histo-idle.txt"
grep -E ' (gov\.nist\.javax\.sip\.stack\.(SIPDialog|SIPClientTransactionImpl|SIPServerTransactionImpl)|gov\.nist\.javax\.sip\.message\.SIP(Request|Response)|io\.softswitch\.sip\.internal\.(UacLeg|UasLeg)|io\.softswitch\.core\.call\.Call)$' \
    "$d/histo-load.txt" | awk -v r="$rate" '{ printf "%-50s %7d live, %5.1f s of calls\n", $4, $2, $2 / r }'
echo "live-heap: dir=$d"
