import json, sys, collections, subprocess, datetime
f = sys.argv[1]
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
    "jdk.ObjectAllocationInNewTLAB,jdk.ObjectAllocationOutsideTLAB", f], capture_output=True, text=True).stdout
d = json.loads(out)["recording"]["events"]
def ts(e): return datetime.datetime.fromisoformat(e["values"]["startTime"][:26].rstrip("Z"))
t0 = min(ts(e) for e in d)
bins = collections.Counter(); tops = collections.defaultdict(collections.Counter)
for e in d:
    v = e["values"]; name = (v.get("eventThread") or {}).get("javaName") or ""
    if not name.startswith("media-relay"): continue
    b = int((ts(e) - t0).total_seconds() // 5) * 5
    w = v.get("tlabSize") or v.get("allocationSize") or 0
    bins[b] += w
    fr = v["stackTrace"]["frames"] if v.get("stackTrace") else []
    ours = next((f'{x["method"]["type"]["name"].split("/")[-1]}.{x["method"]["name"]}' for x in fr if "softswitch" in x["method"]["type"]["name"] or "netty" in x["method"]["type"]["name"]), "?")
    tops[b][v["objectClass"]["name"].split("/")[-1] + " @" + (f'{fr[0]["method"]["type"]["name"].split("/")[-1]}.{fr[0]["method"]["name"]}' if fr else "?") + " via " + ours] += w
for b in range(0, max(bins) + 5, 5):
    print(f"t={b:>4}s {bins[b]:>9} B  " + "; ".join(f"{k} {w}" for k, w in tops[b].most_common(3)))
