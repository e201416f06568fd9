#!/usr/bin/env bash
# bench/cluster/front.sh — what the cluster's SIP front adds to call setup (issue 17): SIPp's
# INVITE->200 time (p50/p99, rtd 1 of bench/signalling/uac.xml) straight to a node and through the
# shipped Kamailio front (deploy/kamailio/kamailio.cfg: dispatcher, Record-Route, the
# X-Softswitch-Source header), the same daemon, in the same run, phases interleaved.
#
# The node runs as in a cluster: cluster.node_id, trusted_fronts [127.0.0.1], SIP and media on
# 127.0.0.2, and (LIMITS=redis, the default) cluster-wide limits in a private redis-server on a
# free port, with trunk and carrier limits high enough never to refuse, so every call pays its
# Redis round trips in both phases; LIMITS=memory keeps limits in the node. The PBX (SIPp) calls
# from 127.0.0.4, the carrier (SIPp UAS, answers at once) listens on 127.0.0.1.
#
# Bias: on 2 cores the daemon gets CPU 1 (PIN=1), SIPp, the carrier and Kamailio share CPU 0, so
# the front's extra hop competes with the SIPp peers: the added latency is an upper bound. A warm-up
# (WARM s, direct) runs before the first measured phase so the JIT does not favour the later phase;
# REPEATS runs direct/front pairs in ABBA order (compare medians: single runs on a shared VM vary).
# Also printed per phase: the node's CPU per call and, for the front phase, Kamailio's.
#
# Usage: [JAR=core/target/softswitch.jar] [RATE=100] [DUR=30] [WARM=20] [REPEATS=4] [LIMITS=redis|memory]
#        [PIN=1] bench/cluster/front.sh
# Smoke (seconds): RATE=20 DUR=4 WARM=3 REPEATS=1 bench/cluster/front.sh
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar=${JAR:-$root/core/target/softswitch.jar}
rate=${RATE:-100}; dur=${DUR:-30}; warm=${WARM:-20}; repeats=${REPEATS:-4}; limits=${LIMITS:-redis}; pin=${PIN:-1}
node_ip=127.0.0.2; pbx_ip=127.0.0.4
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sip=$(free_port); http=$(free_port); uas=$(free_port); rport=$(free_port); front=$(free_port)
d=$(mktemp -d /tmp/cluster-front-XXXX)
# CPU pinning as a command prefix (not a function: "$!" of a backgrounded function is a subshell's PID).
on0=(); on1=()
if [ "$pin" = 1 ]; then on0=(taskset -c 0); on1=(taskset -c 1); fi

jp=""; uasp=""; rp=""; kp=""
cleanup() {
    for p in "$kp" "$jp" "$uasp" "$rp"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
    wait 2>/dev/null
}
trap cleanup EXIT

redis_yaml=""
if [ "$limits" = redis ]; then
    redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --dir "$d" > "$d/redis.log" 2>&1 &
    rp=$!
    until redis-cli -p "$rport" ping >/dev/null 2>&1; do kill -0 "$rp" || { echo "redis-server failed: $d/redis.log"; exit 1; }; sleep 0.05; done
    redis_yaml=$(printf 'redis:\n  url: redis://127.0.0.1:%s\n' "$rport")
fi

cat > "$d/cfg.yaml" <<EOF
sip:
  listen:
    - transport: udp
      host: $node_ip
      port: $sip
  threads: 8
http:
  host: 127.0.0.1
  port: $http
media:
  bind_address: $node_ip
  port_min: 30000
  port_max: 39999
  rtp_timeout_seconds: 0
  port_quarantine_ms: 2000
calls:
  max_calls: 20000
  threads: 0
simulator:
  enabled: false
cluster:
  node_id: bench-a
  trusted_fronts: [127.0.0.1]
$redis_yaml
provisioning:
  trunks:
    - name: bench-pbx
      ip_acl: [$pbx_ip/32]
      normalization: strict
      symmetric_rtp: false
      cps_limit: 100000
      concurrent_call_limit: 1000000
  carriers:
    - name: bench-gw
      cps_limit: 100000
      concurrent_call_limit: 1000000
      gateways:
        - name: uas
          sip_url: sip:127.0.0.1:$uas
  routes:
    - prefix: ""
      carrier: bench-gw
EOF

cd "$d"
"${on0[@]}" sipp -sf "$root/bench/signalling/uas.xml" -i 127.0.0.1 -p "$uas" -nostdin > uas.out 2>&1 &
uasp=$!
"${on1[@]}" java -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$jar" run --config "$d/cfg.yaml" --data-dir "$d/data" > daemon.log 2>&1 &
jp=$!
deadline=$((SECONDS + 120))
until curl -sf "http://127.0.0.1:$http/ready" >/dev/null; do
    kill -0 "$jp" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ] || { echo "daemon not ready: $d/daemon.log"; exit 1; }
    sleep 0.05
done
if [ "$limits" = redis ] && ! curl -s "http://127.0.0.1:$http/ready" | grep -q '"redis":"up"'; then
    echo "daemon not on Redis: $d/daemon.log"; exit 1
fi

echo "1 sip:$node_ip:$sip" > dispatcher.list
"${on0[@]}" kamailio -DD -E -m 64 -M 8 -f "$root/deploy/kamailio/kamailio.cfg" \
    -A "LISTEN=udp:127.0.0.1:$front" -A "LISTEN_TCP=tcp:127.0.0.1:$front" -A "DS_LIST=\"$d/dispatcher.list\"" \
    -A "PROBE_INTERVAL=1" -A "CTL_SOCKET=\"unix:$d/ctl\"" -P "$d/kamailio.pid" -w "$d" > kamailio.log 2>&1 &
kp=$!
deadline=$((SECONDS + 20))
until kamcmd -s "unix:$d/ctl" dispatcher.list 2>/dev/null | grep -q 'FLAGS: A'; do
    kill -0 "$kp" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ] || { echo "front never saw the node up: $d/kamailio.log"; exit 1; }
    sleep 0.1
done

ticks() { # CPU ticks (utime+stime) of PID and its children processes
    local t=0 p
    for p in "$1" $(ps -o pid= --ppid "$1"); do
        [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$t"
}
calls_total() { curl -s "http://127.0.0.1:$http/metrics" | awk 'index($0, "calls_total{") == 1 {s += $NF} END {print s + 0}'; }

phase() { # name target(host:port) seconds
    local name=$1 target=$2 secs=$3 dir=$d/$1
    mkdir -p "$dir"
    local n=$((rate * secs)) c1 j1 k1
    c1=$(calls_total); j1=$(ticks "$jp"); k1=$(ticks "$kp")
    # SIPp's own response times (-trace_rtt) are whole milliseconds: the setup time is taken from its
    # message trace instead (microsecond stamps), INVITE sent to 200 received, per Call-ID.
    (cd "$dir" && "${on0[@]}" sipp -sf "$root/bench/signalling/uac.xml" -i "$pbx_ip" -p "$(free_port)" \
        -s +14155550100 -r "$rate" -d 0 -l 100000 -m "$n" -nostdin -trace_msg -message_file messages.log \
        -trace_stat -stf stat.csv -fd 1 -timeout $((secs + 60))s "$target" > uac.out 2>&1)
    # Records are counted when the call ends: wait until the node has ended them all (bounded).
    local end=$((SECONDS + 10)) c2
    while c2=$(calls_total); [ $((c2 - c1)) -lt "$n" ] && [ "$SECONDS" -lt "$end" ]; do sleep 0.1; done
    local j2 k2
    j2=$(ticks "$jp"); k2=$(ticks "$kp")
    python3 - "$dir" "$name" "$rate" "$((c2 - c1))" "$((j2 - j1))" "$((k2 - k1))" <<'PY'
import csv, glob, sys
d, name, rate, calls, node_ticks, front_ticks = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
import datetime, re
sent, answered = {}, {}
stamp = re.compile(r"^-+ (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+)$", re.M)
text = open(d + "/messages.log", errors="replace").read()
marks = list(stamp.finditer(text))
for i, m in enumerate(marks):
    block = text[m.end():marks[i + 1].start() if i + 1 < len(marks) else len(text)]
    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp()
    lines = block.strip().splitlines()
    if len(lines) < 2:
        continue
    first = next((l for l in lines[1:] if l.strip()), "")
    cid = next((l.split(":", 1)[1].strip() for l in lines if l.lower().startswith(("call-id:", "i:"))), None)
    cseq = next((l for l in lines if l.lower().startswith("cseq:")), "")
    if cid is None:
        continue
    if "sent" in lines[0] and first.startswith("INVITE "):
        sent.setdefault(cid, t)
    elif "received" in lines[0] and first.startswith("SIP/2.0 200") and cseq.rstrip().endswith("INVITE"):
        answered.setdefault(cid, t)
rtts = sorted((answered[c] - sent[c]) * 1000 for c in answered if c in sent)
def pct(p):
    if not rtts:
        return float("nan")
    k = (len(rtts) - 1) * p / 100.0
    lo = int(k); hi = min(lo + 1, len(rtts) - 1)
    return rtts[lo] + (rtts[hi] - rtts[lo]) * (k - lo)
rows = list(csv.DictReader(open(d + "/stat.csv"), delimiter=";"))
last = rows[-1] if rows else {}
ok, failed = last.get("SuccessfulCall(C)", "?"), last.get("FailedCall(C)", "?")
line = (f"{name} rate={rate} calls={calls} ok={ok} failed={failed} setup_p50_ms={pct(50):.3f} setup_p99_ms={pct(99):.3f}"
        f" node_cpu_ms_per_call={node_ticks * 10 / calls if calls else 0:.3f}")
if name.startswith("front"):
    line += f" front_cpu_ms_per_call={front_ticks * 10 / calls if calls else 0:.3f}"
print(line)
PY
}

phase warmup "$node_ip:$sip" "$warm" > /dev/null
results=$d/results.txt
: > "$results"
for i in $(seq 1 "$repeats"); do
    # ABBA order (direct first in odd pairs, front first in even ones): neither arm always runs warmer.
    if [ $((i % 2)) = 1 ]; then
        phase "direct-$i" "$node_ip:$sip" "$dur" | tee -a "$results"
        phase "front-$i" "127.0.0.1:$front" "$dur" | tee -a "$results"
    else
        phase "front-$i" "127.0.0.1:$front" "$dur" | tee -a "$results"
        phase "direct-$i" "$node_ip:$sip" "$dur" | tee -a "$results"
    fi
done
python3 - "$results" "$limits" <<'PY'
import re, statistics, sys
rows = [dict(kv.split("=") for kv in l.split()[1:]) | {"phase": l.split()[0]} for l in open(sys.argv[1]) if l.strip()]
def med(prefix, key):
    v = [float(r[key]) for r in rows if r["phase"].startswith(prefix)]
    return statistics.median(v) if v else float("nan")
d50, f50 = med("direct", "setup_p50_ms"), med("front", "setup_p50_ms")
d99, f99 = med("direct", "setup_p99_ms"), med("front", "setup_p99_ms")
print(f"summary limits={sys.argv[2]} median over {len(rows) // 2} pairs: direct p50/p99={d50:.3f}/{d99:.3f} ms,"
      f" front p50/p99={f50:.3f}/{f99:.3f} ms, the front adds p50 {f50 - d50:+.3f} ms, p99 {f99 - d99:+.3f} ms;"
      f" node cpu/call direct {med('direct', 'node_cpu_ms_per_call'):.3f} ms, front {med('front', 'node_cpu_ms_per_call'):.3f} ms,"
      f" kamailio cpu/call {med('front', 'front_cpu_ms_per_call'):.3f} ms")
PY
echo "dir=$d"
