#!/usr/bin/env bash
# bench/media/overload.sh — the overload curve of issue 21 (goal 3): offered load from 0.5x to 2x of our
# relay's one-core capacity, for our relay and rtpengine in the same run (bench/media/run.sh per step:
# direct baseline, our relay, rtpengine), reporting loss and p99 per step, and our relay's overload drops.
#
# Usage: bench/media/overload.sh [CAPACITY_CALLS]
#   CAPACITY_CALLS: calls our relay carries on one core (100 packets/s in per call). Without it, a
#   calibration step at CALIBRATE_CALLS (default 400, below saturation) measures our relay's CPU per packet
#   and takes capacity = 1e9 / (CPU ns per packet) / 100 calls (one core = 1e9 ns of CPU per second), times
#   RELAY_CPU_QUOTA / 100 when the relays are throttled (run.sh: on a fast machine the generator's core saturates
#   before a whole relay core does).
# Env: FACTORS ("0.5 0.75 1 1.25 1.5 2"), OUT (raw output, default bench/media/raw-overload-<date>.txt),
#      and every run.sh variable (SECONDS_PER_RUN, WARMUP, REPEATS, RELAY_MAX_QUEUE_DELAY_MS, ...).
#      Run once with the default protection and once with RELAY_MAX_QUEUE_DELAY_MS=0 to see what it changes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-$here/raw-overload-$(date -u +%Y-%m-%d-%H%M).txt}"
factors="${FACTORS:-0.5 0.75 1 1.25 1.5 2}"
capacity="${1:-}"
if [ -z "$capacity" ]; then
  calib="$(mktemp)"
  OUT="$calib" REPEATS=1 "$here/run.sh" "${CALIBRATE_CALLS:-400}" >/dev/null
  capacity="$(python3 - "$calib" "${RELAY_CPU_QUOTA:-100}" <<'PY'
import sys
for line in open(sys.argv[1]):
    if line.startswith("target=relay "):
        f = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        print(int(1e9 / float(f["cpu_ns_per_packet"]) / 100 * float(sys.argv[2]) / 100))
PY
)"
  rm -f "$calib"
  echo "# calibration: our relay's one-core capacity ~ $capacity calls" | tee -a "$out"
fi
calls=()
for f in $factors; do calls+=("$(python3 -c "print(int(round($capacity * $f)))")"); done
echo "# overload curve: capacity $capacity calls, factors $factors -> calls ${calls[*]}" | tee -a "$out"
OUT="$out" "$here/run.sh" "${calls[@]}"
echo "# summary ($out):"
python3 "$here/summarize.py" "$out"
