# bench/signalling/daemon.sh — sourced by cold-start.sh and cpu-per-call.sh: the bench config for one
# daemon and the wait for it. Uses the caller's $yaml (template) and $sip, $http, $uas (ports).

# bench_config DIR SIP_THREADS: writes DIR/cfg.yaml (media.mode MEDIA_MODE, default relay, on MEDIA_MIN-MEDIA_MAX, default 30000-39999,
# 20,000 calls at most).
bench_config() {
    sed -e "s/@SIP_PORT@/$sip/;s/@HTTP_PORT@/$http/;s/@UAS_PORT@/$uas/;s/@SIP_THREADS@/$2/;s/@MEDIA_MIN@/${MEDIA_MIN:-30000}/" \
        -e "s/@MEDIA_MAX@/${MEDIA_MAX:-39999}/;s/@MAX_CALLS@/20000/;s/@MAX_BACKLOG@/5000/;s/@MEDIA_MODE@/${MEDIA_MODE:-relay}/" "$yaml" > "$1/cfg.yaml"
}

# await_ready PID: returns once /ready answers; 1 when the daemon exits first or is not ready in 120 s.
await_ready() {
    local deadline=$((SECONDS + 120))
    until curl -sf "http://127.0.0.1:$http/ready" >/dev/null; do
        kill -0 "$1" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

# jit_ticks PID: CPU ticks (utime+stime) of the JVM's JIT compiler threads ("C1/C2 CompilerThread"), so a
# bench can tell a one-time warm-up cost from a per-call cost (threads that ended are not counted).
jit_ticks() {
    local s=0 t
    for t in /proc/"$1"/task/*; do
        case "$(cat "$t/comm" 2>/dev/null)" in
            C1\ Compiler*|C2\ Compiler*) s=$((s + $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0))) ;;
        esac
    done
    echo "$s"
}

# free_ports: prints three free loopback ports "SIP(udp) HTTP(tcp) UAS(udp)", the UAS one with the next port free
# too (the UAC binds UAS + 1), for a bench that runs beside other benches and tests.
free_ports() {
    local py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3
    "$py" - <<'PY'
import socket
def free(kind):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]
u = free(socket.SOCK_DGRAM)
while True:  # the UAC binds uas + 1
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s: s.bind(("127.0.0.1", u + 1))
        break
    except OSError: u = free(socket.SOCK_DGRAM)
print(free(socket.SOCK_DGRAM), free(socket.SOCK_STREAM), u)
PY
}
