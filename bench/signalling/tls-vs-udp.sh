#!/usr/bin/env bash
# bench/signalling/tls-vs-udp.sh — CPU per call of the softswitch with its PBX leg over TLS versus UDP,
# in the same session (issue 16: goal TLS/UDP < 1.5 with connection reuse). Debian's SIPp has no TLS,
# so Kamailio is the TLS client in front of the switch:
#   SIPp UAC --UDP--> Kamailio (kamailio-tls-front.cfg) --UDP | TLS (one reused connection)--> softswitch
#   softswitch --UDP--> SIPp UAS (the carrier)
# Each mode starts a fresh daemon (bench config plus a tls listener, pinned to CPU 1; Kamailio and
# SIPp on CPU 0), offers RATE calls/s for WARM s, then divides the daemon's CPU ticks (utime+stime)
# over MEAS s by the calls that ended in that window (calls_total). ROUNDS alternates the modes
# (udp tls udp tls ...) because single runs on a shared VM vary; compare the medians.
# Prints one line per run and a last line with the median ratio tls/udp.
#
# Usage: [JAR=core/target/softswitch.jar] [RATE=100] [WARM=30] [MEAS=60] [ROUNDS=3] [CHILDREN=4] \
#        bench/signalling/tls-vs-udp.sh
# Smoke run (checks the plumbing, numbers meaningless): RATE=20 WARM=5 MEAS=10 ROUNDS=1 bench/signalling/tls-vs-udp.sh
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar=${JAR:-$root/core/target/softswitch.jar}; yaml=$root/bench/signalling/softswitch-bench.yaml
rate=${RATE:-100}; warm=${WARM:-30}; meas=${MEAS:-60}; rounds=${ROUNDS:-3}; children=${CHILDREN:-4}
sip=${SIP_PORT:-25160}; tls=${TLS_PORT:-25161}; http=${HTTP_PORT:-28180}; uas=${UAS_PORT:-25190}
front=${FRONT_PORT:-25170}; front_tls=${FRONT_TLS_PORT:-25171}
command -v kamailio >/dev/null && [ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ] \
    || { echo "needs kamailio and kamailio-tls-modules"; exit 1; }
[ -f "$jar" ] || { echo "no $jar: run mvn -B -q -DskipTests package first"; exit 1; }
d=$(mktemp -d /tmp/tls-vs-udp-XXXX)
# shellcheck source=bench/signalling/daemon.sh
. "$root/bench/signalling/daemon.sh"

# The front's own certificate (it presents one on its TLS listener; the switch asks for none).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench-front \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$d/front.key" -out "$d/front.crt" 2>/dev/null
cat > "$d/tls.cfg" <<CFG
[server:default]
method = TLSv1.2+
certificate = $d/front.crt
private_key = $d/front.key

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
CFG

jp=""; kp=""; uasp=""
stop_all() {
    for p in $uasp $kp $jp; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    jp=""; kp=""; uasp=""
}
trap stop_all EXIT
ticks() { awk '{print $14 + $15}' "/proc/$jp/stat"; }
metric() { curl -s "http://127.0.0.1:$http/metrics" | awk '/^calls_total\{/ {s+=$NF} END {print s+0}'; }

run_mode() { # mode (udp|tls) round -> prints "mode cpu_ms_per_call", appends to $d/results
    local mode=$1 n=$2 dir="$d/$1-$2" hop
    mkdir -p "$dir"
    bench_config "$dir" 8
    # the bench config plus a tls listener (the daemon's self-signed certificate under its data dir)
    sed -i "0,/^  threads: /s//    - transport: tls\n      host: 127.0.0.1\n      port: $tls\n  threads: /" "$dir/cfg.yaml"
    taskset -c 1 java -Xms1g -Xmx1g -XX:+UseParallelGC -Dsoftswitch.warmup.calls=0 -jar "$jar" run --config "$dir/cfg.yaml" \
        --data-dir "$dir/data" > "$dir/daemon.log" 2>&1 &
    jp=$!
    await_ready "$jp" || { echo "$mode: daemon not ready; see $dir/daemon.log"; stop_all; return 1; }
    if [ "$mode" = tls ]; then hop="sip:127.0.0.1:$tls;transport=tls"; else hop="sip:127.0.0.1:$sip"; fi
    sed -e "s|@FRONT_PORT@|$front|;s|@FRONT_TLS_PORT@|$front_tls|;s|@NEXT_HOP@|$hop|;s|@TLSCFG@|$d/tls.cfg|" \
        -e "s|@CHILDREN@|$children|g" "$root/bench/signalling/kamailio-tls-front.cfg" > "$dir/kamailio.cfg"
    mkdir -p "$dir/run"
    taskset -c 0 kamailio -f "$dir/kamailio.cfg" -DD -E -m 128 -M 8 -Y "$dir/run" > "$dir/kamailio.log" 2>&1 &
    kp=$!
    (cd "$dir" && exec taskset -c 0 sipp -sf "$root/bench/signalling/uas.xml" -i 127.0.0.1 -p "$uas" -nostdin > uas.out 2>&1) &
    uasp=$!
    sleep 1
    (cd "$dir" && exec taskset -c 0 sipp -sf "$root/bench/signalling/uac.xml" -i 127.0.0.1 -p $((uas + 1)) -s +14155550100 \
        -r "$rate" -d 0 -l 100000 -m $((rate * (warm + meas))) -nostdin "127.0.0.1:$front" > uac.out 2>&1) &
    local up=$!
    sleep "$warm"
    local c1 t1 c2 t2
    c1=$(metric); t1=$(ticks)
    sleep "$meas"
    c2=$(metric); t2=$(ticks)
    wait "$up"; local ue=$?
    local calls=$((c2 - c1))
    local per
    per=$(awk -v t=$((t2 - t1)) -v c="$calls" 'BEGIN {printf "%.3f", c ? t * 10 / c : 0}')
    echo "$mode round=$n rate=$rate calls=$calls cpu_ms_per_call=$per uac_exit=$ue load=$(cut -d' ' -f1 /proc/loadavg) dir=$dir"
    [ "$calls" -gt 0 ] && echo "$mode $per" >> "$d/results"
    stop_all
}

for n in $(seq 1 "$rounds"); do
    run_mode udp "$n"
    run_mode tls "$n"
done
python3 - "$d/results" <<'PY'
import statistics, sys
per = {}
for line in open(sys.argv[1]):
    mode, v = line.split()
    per.setdefault(mode, []).append(float(v))
if "udp" in per and "tls" in per:
    u, t = statistics.median(per["udp"]), statistics.median(per["tls"])
    print(f"median cpu_ms_per_call udp={u:.3f} tls={t:.3f} ratio_tls_udp={t / u:.2f} (goal < 1.5)")
else:
    print("no complete pair of runs: see the logs above")
PY
