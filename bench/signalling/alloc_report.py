#!/usr/bin/env python3
"""alloc_report.py REC.JFR CALLS [TOP] -- bytes allocated per call and the top allocation sites.

Bytes per call = the sum over threads of jdk.ThreadAllocationStatistics (taken at the recording's
start and end) divided by the calls that ended in the window. Sites come from
jdk.ObjectAllocationSample: each sample's weight is the bytes its thread allocated since its last
sample, so the weights add up to the allocation and attribute it to a stack. Printed three ways: by
the allocating frame, by the first frame of our own code (io.softswitch.*) and by the first frame
outside the JDK (a library such as gov.nist.* when it allocates on its own)."""
import collections, json, re, subprocess, sys


def events(rec, name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "40", "--events", name, rec],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def thread_id(t):
    t = t or {}
    return t.get("javaThreadId") or t.get("osThreadId")


def frame_name(f):
    m = f["method"]
    return f'{m["type"]["name"].replace("/", ".")}.{m["name"]}:{f.get("lineNumber", -1)}'


def main():
    rec, calls = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    per_thread = collections.defaultdict(list)
    names = {}
    for e in events(rec, "jdk.ThreadAllocationStatistics"):
        v = e["values"]
        t = v.get("thread") or {}
        tid = thread_id(t)
        per_thread[tid].append(v["allocated"])
        names[tid] = t.get("javaName") or t.get("osName") or "?"
    # A thread seen once (born or died inside the window) counts nothing: the counter is exact only
    # for threads alive at both ends (pools: SIP, call stripes, writers, event loops).
    delta = {tid: max(a) - min(a) if len(a) > 1 else 0 for tid, a in per_thread.items()}
    total = sum(delta.values())
    by_group = collections.Counter()
    for tid, b in delta.items():
        by_group[re.sub(r"\d+", "N", names[tid])] += b
    samples = events(rec, "jdk.ObjectAllocationSample")
    # A sample weighs what its thread allocated since the thread's previous sample, so each thread's
    # first sample in the recording weighs everything it allocated before the recording began (the
    # warm-up, for a pool thread): ~2/3 of the sampled weight, landing on whatever object that
    # happened to be, e.g. 10-15 KB "per call" on a tiny iterator. Left out.
    first = {}
    for i, e in enumerate(samples):
        tid = thread_id(e["values"].get("eventThread"))
        if tid not in first or e["values"]["startTime"] < samples[first[tid]]["values"]["startTime"]:
            first[tid] = i
    skipped = set(first.values())
    samples = [e for i, e in enumerate(samples) if i not in skipped]
    weight = sum(e["values"]["weight"] for e in samples) or 1
    by_top, by_ours, by_lib, by_class = (collections.Counter() for _ in range(4))
    for e in samples:
        v = e["values"]
        w = v["weight"]
        frames = (v.get("stackTrace") or {}).get("frames") or []
        # Lambda frames ("$$Lambda") name no site: skip them.
        names = [n for n in (frame_name(f) for f in frames) if "$$Lambda" not in n]
        by_class[v["objectClass"]["name"]] += w
        by_top[names[0] if names else "?"] += w
        by_ours[next((n for n in names if n.startswith("io.softswitch.")), "(no io.softswitch frame)")] += w
        by_lib[next((n for n in names if not n.startswith(("java.", "javax.", "jdk.", "sun."))), "(JDK only)")] += w
    print(f"calls={calls} allocated_bytes={total} bytes_per_call={total // max(calls, 1)} "
          f"kib_per_call={total / max(calls, 1) / 1024:.1f} samples={len(samples)} "
          f"sampled_bytes_per_call={weight // max(calls, 1)}")
    # Exact (thread counters), unlike the sampled sites below, whose shares vary by a few % per run.
    print(f"\n-- bytes/call by thread group (exact) --")
    for k, b in by_group.most_common(top):
        if b:
            print(f"{100 * b / max(total, 1):6.1f}% {b / max(calls, 1):9.0f}  {k}")
    for title, c in (("allocating frame", by_top), ("first io.softswitch frame", by_ours),
                     ("first non-JDK frame", by_lib), ("class", by_class)):
        print(f"\n-- top {top} by {title} (share of sampled bytes, bytes/call) --")
        for k, w in c.most_common(top):
            print(f"{100 * w / weight:6.1f}% {total * w / weight / max(calls, 1):9.0f}  {k}")


if __name__ == "__main__":
    main()
