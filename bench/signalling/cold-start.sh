#!/usr/bin/env bash
# bench/signalling/cold-start.sh — what a freshly started daemon does with calls offered the moment
# it reports ready. The daemon (bench config, the launcher's default JVM options unless JOPTS is
# set, pinned to CPU 1 unless PIN_DAEMON is empty) is started cold; as soon as /ready answers, SIPp
# (CPU 0) offers RATE calls/s for DURATION seconds. Prints, per second of the run, the INVITEs sent,
# the 503s received, the calls that failed, and the INVITE->200 time (SIPp rtd p50 / max), then one
# summary line: tag, calls, 503s, failed calls, the daemon's own shed counters, time to ready.
#
# CDS=1: first a training run records an AppCDS archive (-XX:ArchiveClassesAtExit, what the
# `softswitch` launcher does on the first `run` after a build: TRAIN seconds of calls at RATE, then
# the daemon is stopped and writes the archive), then the cold run maps it (-XX:SharedArchiveFile).
#
# Usage: [JAR=core/target/softswitch.jar] [RATE=100] [DURATION=30] [JOPTS="..."] [PIN_DAEMON=1] \
#        [CDS=0|1] [TRAIN=10] [WARMUP=N] bench/signalling/cold-start.sh TAG
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=${1:?usage: cold-start.sh TAG}
jar=${JAR:-$root/core/target/softswitch.jar}; yaml=${YAML:-$root/bench/signalling/softswitch-bench.yaml}
rate=${RATE:-100}; secs=${DURATION:-30}
# The launcher's default JVM options (the `softswitch` script). WARMUP=N: warmup.calls in the bench config
# (default: the daemon's own default; WARMUP=0 = no built-in warm-up).
jopts=${JOPTS:-"-Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20"}
pin=${PIN_DAEMON-1}
sip=${SIP_PORT:-25060}; http=${HTTP_PORT:-28080}; uas=${UAS_PORT:-25090}
d=$(mktemp -d /tmp/cold-start-XXXX)
# shellcheck source=bench/signalling/daemon.sh
. "$root/bench/signalling/daemon.sh"
bench_config "$d" 8
if [ -n "${WARMUP:-}" ]; then
    printf 'warmup:\n  calls: %s\n' "$WARMUP" >> "$d/cfg.yaml"
fi
cd "$d"
taskset -c 0 sipp -sf "$root/bench/signalling/uas.xml" -i 127.0.0.1 -p "$uas" -nostdin > uas.out 2>&1 &
uasp=$!
if [ "${CDS:-0}" = 1 ]; then
    # shellcheck disable=SC2086
    java $jopts -XX:ArchiveClassesAtExit="$d/app.jsa" -Xlog:cds=off -jar "$jar" run --config "$d/cfg.yaml" --data-dir "$d/train" > "$d/train.log" 2>&1 &
    tp=$!
    await_ready "$tp" || { kill "$uasp" "$tp"; echo "$tag: training daemon not ready; see $d/train.log"; exit 1; }
    taskset -c 0 sipp -sf "$root/bench/signalling/uac.xml" -i 127.0.0.1 -p $((uas + 1)) -s +14155550100 -r "$rate" -d 0 \
        -l 100000 -m $((rate * ${TRAIN:-10})) -nostdin "127.0.0.1:$sip" > train.out 2>&1
    kill "$tp"; wait "$tp"
    [ -s "$d/app.jsa" ] || { kill "$uasp"; echo "$tag: no CDS archive written; see $d/train.log"; exit 1; }
    jopts="$jopts -XX:SharedArchiveFile=$d/app.jsa"
fi
t0=$(date +%s%N)
if [ -n "$pin" ]; then
    # shellcheck disable=SC2086
    taskset -c "$pin" java $jopts -jar "$jar" run --config "$d/cfg.yaml" --data-dir "$d/data" > "$d/daemon.log" 2>&1 &
else
    # shellcheck disable=SC2086
    java $jopts -jar "$jar" run --config "$d/cfg.yaml" --data-dir "$d/data" > "$d/daemon.log" 2>&1 &
fi
jp=$!
cleanup() { kill "$uasp" 2>/dev/null; kill "$jp" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
await_ready "$jp" || { echo "$tag: daemon not ready; see $d/daemon.log"; exit 1; }
ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
taskset -c 0 sipp -sf "$root/bench/signalling/uac.xml" -i 127.0.0.1 -p $((uas + 1)) -s +14155550100 -r "$rate" -d 0 \
    -l 100000 -m $((rate * secs)) -nostdin -trace_counts -trace_stat -trace_rtt -rtt_freq 1 -fd 1 "127.0.0.1:$sip" > uac.out 2>&1
ue=$?
metrics=$(curl -s "http://127.0.0.1:$http/metrics")
shed=$(awk '/^sip_overload_shed_total/ {s+=$NF} END {print s+0}' <<<"$metrics")
/usr/bin/python3 - "$d" <<'EOF'
import csv, glob, sys, statistics
d = sys.argv[1]
def rows(pattern):
    f = glob.glob(f"{d}/{pattern}")
    return list(csv.reader(open(f[0]), delimiter=';')) if f else [[]]
counts, stat, rtt = rows("uac_*_counts.csv"), rows("uac_*_.csv"), rows("uac_*_rtt.csv")
col = lambda hdr, pred: [i for i, h in enumerate(hdr) if pred(h)]
inv = col(counts[0], lambda h: h.endswith("_INVITE_Sent"))
ret = col(counts[0], lambda h: h.endswith("_INVITE_Retrans"))
r503 = col(counts[0], lambda h: h.endswith("_503_Recv"))
failed = stat[0].index("FailedCall(P)") if "FailedCall(P)" in stat[0] else None
by_sec = {}
for r in rtt[1:]:
    try:
        by_sec.setdefault(int(float(r[0]) // 1000), []).append(float(r[1]))
    except (ValueError, IndexError):
        pass
num = lambda row, idx: sum(int(row[i]) for i in idx if i < len(row) and row[i].isdigit())
print(f"{'sec':>4} {'INVITEs':>7} {'retrans':>7} {'503':>5} {'failed':>6} {'setup_p50_ms':>12} {'setup_max_ms':>12}")
# the counts file is cumulative: row k (k >= 1) ends second k
for k in range(2, len(counts)):
    c, b = counts[k], counts[k - 1]
    f = stat[k][failed] if failed is not None and k < len(stat) else "?"
    v = by_sec.get(k - 2, [])
    p50 = statistics.median(v) if v else 0
    d = lambda idx: num(c, idx) - num(b, idx)
    print(f"{k - 1:>4} {d(inv):>7} {d(ret):>7} {d(r503):>5} {f:>6} {p50:>12.0f} {max(v) if v else 0:>12.0f}")
EOF
r503=$(grep -E "^\s+503 <" uac.out | tail -1 | awk '{print $3}')
failed=$(grep -E "^\s+Failed call" uac.out | tail -1 | awk -F'|' '{gsub(/ /, "", $3); print $3}')
echo "$tag rate=$rate calls=$((rate * secs)) 503=${r503:-0} failed=${failed:-?} stateless_shed=$shed ready_ms=$ready_ms uac_exit=$ue load=$(cut -d' ' -f1 /proc/loadavg) dir=$d"
