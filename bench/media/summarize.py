#!/usr/bin/env python3
"""Summarize bench/media/run.sh output: one row per (calls, target) with the median over repeats.

Usage: bench/media/summarize.py RAW.txt...   (files run.sh wrote with OUT=RAW.txt; several are pooled)

Medians of each column are taken separately (a row is not one run). "added" latency is the
target's percentile minus the direct baseline's median percentile at the same call count: an
approximation (percentiles do not subtract), good enough to see where the relay's share starts.
The ratio column is relay / rtpengine CPU per packet, median of the per-repeat ratios.
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
    if target == "relay" and not math.isnan(cpu) and not math.isnan(other):  # NaN: that run relayed nothing
        ratios[key[1]].append(cpu / other)


def med(runs, field, scale=1.0):
    vals = [float(r[field]) / scale for r in runs if r[field] not in ("NaN", "-1")]
    return statistics.median(vals) if vals else float("nan")


print("| calls | target | runs | offered pkt/s in | loss % (max) | p50 µs | p99 µs | p99.9 µs | max µs "
      "| relay CPU % | CPU ns/pkt | alloc B/pkt | gen CPU % | load1 |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
order = {"direct": 0, "relay": 1, "rtpengine": 2}
for (calls, target) in sorted(rows, key=lambda k: (k[0], order.get(k[1], 9))):
    runs = rows[(calls, target)]
    loss_max = max(float(r["loss"]) for r in runs)
    print(f"| {calls} | {target} | {len(runs)} | {med(runs, 'offered_pps_in'):,.0f} "
          f"| {med(runs, 'loss'):.4f} ({loss_max:.4f}) "
          f"| {med(runs, 'p50'):,.0f} | {med(runs, 'p99'):,.0f} | {med(runs, 'p99.9'):,.0f} | {med(runs, 'max'):,.0f} "
          f"| {med(runs, 'relay_cpu'):.1f} | {med(runs, 'cpu_ns_per_packet'):,.0f} "
          f"| {med(runs, 'relay_alloc_bytes_per_packet'):.0f} | {med(runs, 'generator_cpu'):.1f} "
          f"| {med(runs, 'load1'):.1f} |")
print()
for calls in sorted(ratios):
    r = ratios[calls]
    print(f"- {calls} calls: relay / rtpengine CPU per packet = {statistics.median(r):.2f} "
          f"(per repeat: {', '.join(f'{x:.2f}' for x in r)})")
if loads:
    print(f"- load average (1 min) at the start of each step: {min(loads):.1f}-{max(loads):.1f}, "
          f"median {statistics.median(loads):.1f}")
