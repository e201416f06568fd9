#!/usr/bin/env bash
# diag.sh TAG: runs bench/signalling/cpu-per-call.sh (env as there) and, unless HISTO=0, takes
# `jcmd GC.class_histogram` (live objects: each forces a full GC) of the daemon when ready (h0, idle),
# WARM+3 s (h1) and WARM+23 s (h2) into the load. `python3 hdiff.py h0.txt h2.txt` lists the growth
# by class. Results in ${OUT:-/tmp/gcw}/TAG.
tag=$1; out=${OUT:-/tmp/gcw}/$tag; mkdir -p $out
cd "$(dirname "${BASH_SOURCE[0]}")/../../../.."
SIP_PORT=${SIP_PORT:-45060} HTTP_PORT=${HTTP_PORT:-45080} UAS_PORT=${UAS_PORT:-45090} MEDIA_MIN=20000 MEDIA_MAX=29999 \
  RATE=${RATE:-150} WARM=${WARM:-60} MEAS=${MEAS:-40} bench/signalling/cpu-per-call.sh $tag > $out/result.txt 2>&1 &
bp=$!
# find daemon
for i in $(seq 1 200); do
  jp=$(pgrep -f "java .*cpu-per-call-.*cfg.yaml" | head -1); [ -n "$jp" ] && break; sleep 0.5; done
echo "daemon $jp" > $out/pid
until curl -sf "http://127.0.0.1:${HTTP_PORT:-45080}/ready" >/dev/null; do sleep 0.5; done
sleep 2
if [ "${HISTO:-1}" = 1 ]; then
jcmd $jp GC.class_histogram > $out/h0.txt 2>&1
sleep $(( ${WARM:-60} + 3 ))
jcmd $jp GC.class_histogram > $out/h1.txt 2>&1
sleep 20
jcmd $jp GC.class_histogram > $out/h2.txt 2>&1
fi
wait $bp
cat $out/result.txt
