import json, sys, collections, subprocess
f = sys.argv[1]; prefix = sys.argv[2] if len(sys.argv) > 2 else "media-relay"
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 6
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
    "jdk.ObjectAllocationInNewTLAB,jdk.ObjectAllocationOutsideTLAB,jdk.ObjectAllocationSample", f],
    capture_output=True, text=True).stdout
d = json.loads(out)
for kind in ["jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB", "jdk.ObjectAllocationSample"]:
    agg = collections.Counter(); cnt = collections.Counter(); total = 0
    for e in d["recording"]["events"]:
        if e["type"] != kind: continue
        v = e["values"]
        t = v.get("eventThread") or {}
        name = t.get("javaName") or ""
        if not name.startswith(prefix): continue
        w = v.get("tlabSize") or v.get("allocationSize") or v.get("weight") or 0
        cls = v["objectClass"]["name"]
        frames = v["stackTrace"]["frames"] if v.get("stackTrace") else []
        key = cls + " <- " + " <- ".join(
            f'{fr["method"]["type"]["name"].split(".")[-1]}.{fr["method"]["name"]}:{fr.get("lineNumber")}' for fr in frames[:depth])
        agg[key] += w; cnt[key] += 1; total += w
    print(f"== {kind}: total weight {total}")
    for k, w in agg.most_common(25):
        print(f"{w:>12} {cnt[k]:>6}  {k}")
