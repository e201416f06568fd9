#!/usr/bin/env bash
# deploy/local-cluster.sh: a softswitch cluster on this machine, in one command (issue 17).
#
#   PostgreSQL  127.0.0.1:5432   reused when it answers, else a private one under $STATE/pg
#   Redis       127.0.0.1:6379   reused when it answers, else started (no persistence): cluster-wide limits
#   node a      SIP 127.0.0.2:5060, HTTP 127.0.0.1:8081, media 127.0.0.2, simulator 127.0.0.2:5090
#   node b      SIP 127.0.0.3:5060, HTTP 127.0.0.1:8082, media 127.0.0.3, simulator 127.0.0.3:5090
#   Kamailio    SIP 127.0.0.1:5060 (deploy/kamailio/kamailio.cfg): the address PBXs use
#
# Point a PBX (or SIPp) at 127.0.0.1:5060. Ctrl-C stops everything this script started (by PID);
# what it reused keeps running. State (configs, data directories, the shared token key, logs) lives
# in $STATE (default deploy/.local-cluster), so a second run finds the same accounts.
#
# Ports and addresses can be moved with environment variables: FRONT_IP, FRONT_PORT, NODE_A_IP,
# NODE_B_IP, NODE_PORT, HTTP_A, HTTP_B, SIM_PORT, PG_PORT, REDIS_PORT, STATE.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${STATE:-$root/deploy/.local-cluster}"
FRONT_IP="${FRONT_IP:-127.0.0.1}"
FRONT_PORT="${FRONT_PORT:-5060}"
NODE_A_IP="${NODE_A_IP:-127.0.0.2}"
NODE_B_IP="${NODE_B_IP:-127.0.0.3}"
NODE_PORT="${NODE_PORT:-5060}"
HTTP_A="${HTTP_A:-8081}"
HTTP_B="${HTTP_B:-8082}"
SIM_PORT="${SIM_PORT:-5090}"
PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
jar="$root/core/target/softswitch.jar"

mkdir -p "$STATE"
chmod 700 "$STATE"
# A private PostgreSQL runs as the postgres user when this script runs as root: it must reach $STATE/pg.
[ "$(id -u)" = 0 ] && chmod 711 "$STATE"
pids=()
log() { echo "local-cluster: $*" >&2; }

stop_all() {
  trap - INT TERM EXIT
  log "stopping"
  # Reverse start order: the front first (no new calls), then the nodes (they drain), then the stores.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  if [ -n "${pg_started:-}" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$STATE/pg/data" -m fast -w stop >/dev/null || true
  fi
  log "stopped"
}
trap stop_all INT TERM EXIT

# --- PostgreSQL -------------------------------------------------------------------------------
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
  log "PostgreSQL on 127.0.0.1:$PG_PORT: reused"
else
  [ -n "$pg_bin" ] || { log "no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)"; exit 1; }
  if [ ! -d "$STATE/pg/data" ]; then
    mkdir -p "$STATE/pg"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$STATE/pg"
    as_pg "$pg_bin/initdb" -D "$STATE/pg/data" -A trust -U postgres --no-sync >/dev/null
  fi
  as_pg "$pg_bin/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/log" -w \
    -o "-p $PG_PORT -k $STATE/pg -c listen_addresses=127.0.0.1" start >/dev/null
  pg_started=1
  log "PostgreSQL on 127.0.0.1:$PG_PORT: started ($STATE/pg)"
fi
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'softswitch'" \
  | grep -q 1 || psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE softswitch" >/dev/null

# --- Redis ------------------------------------------------------------------------------------
if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  log "Redis on 127.0.0.1:$REDIS_PORT: reused"
else
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >"$STATE/redis.log" 2>&1 &
  pids+=($!)
  log "Redis on 127.0.0.1:$REDIS_PORT: started (pid $!)"
fi

# --- the nodes --------------------------------------------------------------------------------
if [ ! -f "$jar" ]; then
  log "building (mvn package)"
  (cd "$root" && mvn -B -q -DskipTests package)
fi
# One main account and one token key for every node: any node's API accepts the same credentials.
if [ ! -f "$STATE/env" ]; then
  key="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  sid="AC$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  token="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  umask 077
  printf 'SOFTSWITCH_TOKEN_KEY=%s\nSOFTSWITCH_ACCOUNT_SID=%s\nSOFTSWITCH_AUTH_TOKEN=%s\n' "$key" "$sid" "$token" \
    >"$STATE/env"
fi
set -a; . "$STATE/env"; set +a

node_config() { # name ip http media_min
  cat <<EOF
sip:
  listen:
    - transport: udp
      host: $2
      port: $NODE_PORT
    - transport: tcp
      host: $2
      port: $NODE_PORT
http:
  host: 127.0.0.1
  port: $3
media:
  bind_address: $2
  port_min: $4
  port_max: $(($4 + 1999))
storage:
  url: "jdbc:postgresql://127.0.0.1:$PG_PORT/softswitch"
  username: postgres
redis:
  url: "redis://127.0.0.1:$REDIS_PORT"
cluster:
  node_id: $1
  shared_provisioning: true
  trusted_fronts: [$FRONT_IP]
simulator:
  enabled: true
  host: $2
  port: $SIM_PORT
  rules:
    - prefix: ""
      answer: 200
      hold_ms: 30000
      media: echo
provisioning:
  trunks:
    - name: demo-pbx
      ip_acl: [127.0.0.0/8]
      # held by the cluster as a whole, in Redis (each node alone would allow 100)
      concurrent_call_limit: 100
  carriers:
    - name: simulator
      type: simulator
      gateways:
        - name: sim-a
          sip_url: sip:$NODE_A_IP:$SIM_PORT
        - name: sim-b
          sip_url: sip:$NODE_B_IP:$SIM_PORT
  routes:
    - prefix: ""
      carrier: simulator
EOF
}
start_node() { # name ip http media_min
  node_config "$@" >"$STATE/$1.yaml"
  java -Xmx512m -XX:+UseParallelGC -XX:AutoBoxCacheMax=65535 -jar "$jar" run --config "$STATE/$1.yaml" --data-dir "$STATE/data-$1" \
    >"$STATE/$1.log" 2>&1 &
  pids+=($!)
  local pid=$!
  for _ in $(seq 1 600); do
    grep -q "ready in" "$STATE/$1.log" && { log "node $1 on $2:$NODE_PORT: ready (pid $pid, log $STATE/$1.log)"; return; }
    kill -0 "$pid" 2>/dev/null || { cat "$STATE/$1.log" >&2; log "node $1 did not start"; exit 1; }
    sleep 0.2
  done
  log "node $1 not ready after 120 s"; exit 1
}
start_node a "$NODE_A_IP" "$HTTP_A" 20000   # a first: it creates the schema and the main account
start_node b "$NODE_B_IP" "$HTTP_B" 22000

# --- the front --------------------------------------------------------------------------------
printf '1 sip:%s:%s\n1 sip:%s:%s\n' "$NODE_A_IP" "$NODE_PORT" "$NODE_B_IP" "$NODE_PORT" >"$STATE/dispatcher.list"
kamailio -DD -E -m 64 -M 8 -f "$root/deploy/kamailio/kamailio.cfg" -w "$STATE" -P "$STATE/kamailio.pid" \
  -A "LISTEN=udp:$FRONT_IP:$FRONT_PORT" -A "LISTEN_TCP=tcp:$FRONT_IP:$FRONT_PORT" \
  -A "DS_LIST=\"$STATE/dispatcher.list\"" -A "CTL_SOCKET=\"unix:$STATE/kamailio.ctl\"" \
  >"$STATE/kamailio.log" 2>&1 &
pids+=($!)
log "Kamailio front on $FRONT_IP:$FRONT_PORT (pid $!, kamcmd -s unix:$STATE/kamailio.ctl dispatcher.list)"
log "API: http://127.0.0.1:$HTTP_A and http://127.0.0.1:$HTTP_B, user $SOFTSWITCH_ACCOUNT_SID, token in $STATE/env"
log "try: sipp -sf $root/core/src/test/sipp/uac-call-front.xml -i 127.0.0.10 -s +14155550123 -d 2000 -m 10 -r 5 $FRONT_IP:$FRONT_PORT"
log "Ctrl-C stops the cluster"
wait
