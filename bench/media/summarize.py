#!/usr/bin/env python3
"""Summarize bench/media/run.sh output: one row per (calls, target) with the median over repeats.

Usage: bench/media/summarize.py RAW.txt...   (files run.sh wrote with OUT=RAW.txt; several are pooled)

Medians of each column are taken separately (a row is not one run). "added" latency is the
target's percentile minus the direct baseline's median percentile at the same call count: an
approximation (percentiles do not subtract), good enough to see where the relay's share starts.
The ratio lines are relay / rtpengine CPU per packet, median of the per-repeat ratios (and, with run.sh's
BASELINE_CLASSES, relay-base / rtpengine and relay / relay-base).

"metric p99" is our relay's own latency histogram (the daemon's media.relay.latency buckets, read from
the relay at the start and end of each window): the upper bound of the bucket holding its p99, the
best a Prometheus histogram_quantile can tell. It measures read-to-sendto inside the relay, so it is
compared (issue 21, goal 6) with the generator's p99 minus the direct baseline's p99: they agree when
that difference is within the metric's bucket, and the metric is blind to time spent queued in the
kernel before the read (overload) and in the two extra loopback hops. "overload drops" counts
media.dropped{reason="overload"} in the window (media.max_queue_delay_ms).
"delivered pkt/s" is offered x (1 - loss): a relay that sheds well past its capacity keeps it flat at its
capacity from 1x on (issue 21 goal 3: its loss is then the excess over what it can relay).
"""
import math
import re
import statistics
import sys
from collections import defaultdict

rows = defaultdict(list)
ratios = defaultdict(list)
loads = []
repeat_cpu = {}
lines = [line for path in sys.argv[1:] for line in open(path)]
for line in lines:
    if line.startswith("# repeat"):
        m = re.search(r"repeat (\d+) calls (\d+) load ([\d.]+)", line)
        loads.append(float(m.group(3)))
        key = (len(loads), int(m.group(2)))  # one step: direct, relay, rtpengine at one call count
        continue
    if not line.startswith("target="):
        continue
    f = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
    f = {k: v.rstrip("%") for k, v in f.items()}
    calls = int(f["calls"])
    rows[(calls, f["target"])].append(f)
    repeat_cpu[(key, f["target"])] = float(f["cpu_ns_per_packet"])
for (key, target), cpu in repeat_cpu.items():
    other = repeat_cpu.get((key, "rtpengine"), float("nan"))
    if target.startswith("relay") and not math.isnan(cpu) and not math.isnan(other):  # NaN: relayed nothing
        ratios[(key[1], target)].append(cpu / other)
    base = repeat_cpu.get((key, "relay-base"), float("nan"))
    if target == "relay" and not math.isnan(cpu) and not math.isnan(base):  # run.sh BASELINE_CLASSES
        ratios[(key[1], "relay / relay-base")].append(cpu / base)


def med(runs, field, scale=1.0):
    vals = [float(r[field]) / scale for r in runs if r[field] not in ("NaN", "-1")]
    return statistics.median(vals) if vals else float("nan")


def opt(runs, field):
    """Median of a column older raw files lack (or -1 = not measured): '-' then."""
    vals = [float(r[field]) for r in runs if r.get(field) not in (None, "NaN", "-1")]
    return f"{statistics.median(vals):,.0f}" if vals else "-"


print("| calls | target | runs | offered pkt/s in | delivered pkt/s | loss % (max) | p50 µs | p99 µs | p99.9 µs | max µs "
      "| relay CPU % | CPU ns/pkt | alloc B/pkt | gen CPU % | load1 | metric p99 µs | overload drops |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
order = {"direct": 0, "relay": 1, "relay-base": 2, "rtpengine": 3}
for (calls, target) in sorted(rows, key=lambda k: (k[0], order.get(k[1], 9))):
    runs = rows[(calls, target)]
    loss_max = max(float(r["loss"]) for r in runs)
    delivered = statistics.median(float(r["offered_pps_in"]) * (1 - float(r["loss"]) / 100) for r in runs)
    print(f"| {calls} | {target} | {len(runs)} | {med(runs, 'offered_pps_in'):,.0f} | {delivered:,.0f} "
          f"| {med(runs, 'loss'):.4f} ({loss_max:.4f}) "
          f"| {med(runs, 'p50'):,.0f} | {med(runs, 'p99'):,.0f} | {med(runs, 'p99.9'):,.0f} | {med(runs, 'max'):,.0f} "
          f"| {med(runs, 'relay_cpu'):.1f} | {med(runs, 'cpu_ns_per_packet'):,.0f} "
          f"| {med(runs, 'relay_alloc_bytes_per_packet'):.0f} | {med(runs, 'generator_cpu'):.1f} "
          f"| {med(runs, 'load1'):.1f} | {opt(runs, 'relay_metric_p99_us')} | {opt(runs, 'overload_drops')} |")
print()
for calls, target in sorted(ratios):
    r = ratios[(calls, target)]
    what = target if "/" in target else f"{target} / rtpengine"
    print(f"- {calls} calls: {what} CPU per packet = {statistics.median(r):.2f} "
          f"(per repeat: {', '.join(f'{x:.2f}' for x in r)})")
# goal 6: the relay's own latency (bucket bound: the bucket is at most 25 % wide, so the value is in
# [0.75 x bound, bound]) against the generator's added latency (relay minus the direct baseline), p50 and p99
for calls in sorted({c for c, _ in rows}):
    relay, direct = rows.get((calls, "relay")), rows.get((calls, "direct"))
    if not relay or not direct or opt(relay, "relay_metric_p99_us") == "-":
        continue
    parts = []
    for q in ("p50", "p99"):
        added = med(relay, q) - med(direct, q)
        bound = float(opt(relay, f"relay_metric_{q}_us").replace(",", ""))
        if 0.75 * bound <= added <= bound:
            verdict = "agree (within the bucket)"
        else:
            verdict = f"generator {added / max(bound, 1):.2f}x the bucket bound"
        parts.append(f"{q}: relay metric <= {bound:,.0f} µs, generator relay - direct = {added:,.0f} µs: {verdict}")
    print(f"- {calls} calls: " + "; ".join(parts))
if loads:
    print(f"- load average (1 min) at the start of each step: {min(loads):.1f}-{max(loads):.1f}, "
          f"median {statistics.median(loads):.1f}")
# issue 21 goal 3, judged against each relay's measured capacity: the most calls it carried with no loss
# (< 0.1 %, median over repeats) and p99 within 50 ms. Above that, the excess is the share of the offered packets
# beyond that capacity (1 - capacity / offered); a relay that sheds well loses no more than the excess and keeps
# its p99 bounded. Meaningful only when the steps straddle the capacity closely (e.g. FACTORS="0.5 0.7 0.8 0.9 1
# 1.1 1.25 1.5 2").
for target in ("relay", "relay-base", "rtpengine"):
    steps = sorted((c, r) for (c, t), r in rows.items() if t == target)
    clean = [c for c, r in steps if med(r, "loss") < 0.1 and med(r, "p99") <= 50_000]
    if not steps or not clean:
        continue
    cap = max(clean)
    over = [(c, r) for c, r in steps if c > cap]
    print(f"- {target}: measured capacity {cap} calls (most calls with loss < 0.1 % and p99 <= 50 ms)"
          + ("; above it:" if over else "; no step above it"))
    for c, r in over:
        excess = 100 * (1 - cap / c)
        loss = med(r, "loss")
        ok = loss <= excess + 0.5 and med(r, "p99") <= 50_000
        print(f"  - {c} calls ({c / cap:.2f}x): loss {loss:.1f} % against an excess of {excess:.1f} %, "
              f"p99 {med(r, 'p99') / 1000:,.1f} ms: {'within the goal' if ok else 'NOT within the goal'}")
