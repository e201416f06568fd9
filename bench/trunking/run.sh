#!/usr/bin/env bash
# bench/trunking/run.sh — JMH benchmarks of the trunking module (dial-plan lookups, number
# normalization) plus the one-shot 1M-prefix build measurement. Pinned to one core with taskset.
# Not part of `mvn verify`; never runs `mvn install`: it packages the reactor jars in place and
# puts them on the classpath next to JMH (resolved by this folder's pom.xml).
#
#   bench/trunking/run.sh            # full run (~4 min): 2 forks x (3 x 2 s warm-up + 5 x 1 s measured)
#   QUICK=1 bench/trunking/run.sh    # smoke (~1 min): 1 fork x (1 warm-up + 2 measured); numbers not meaningful
#   ONLY=Normalize bench/trunking/run.sh   # one benchmark class (JMH regex), skipping the build measurement
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cpu="${BENCH_CPU:-1}"
out="$here/target"
mkdir -p "$out/classes"

{ echo "machine: $(nproc) cores, $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"; echo "load before run: $(cut -d" " -f1-3 /proc/loadavg)"; } | tee "$out/machine.txt"
echo "== building trunking jars (mvn package -pl trunking -am -DskipTests)" >&2
(cd "$root" && mvn -B -q -pl trunking -am package -DskipTests)

echo "== resolving JMH classpath" >&2
(cd "$here" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$out/deps.txt" -Dmdep.includeScope=runtime)
cp="$(cat "$out/deps.txt"):$root/config/target/softswitch-config-0.1.0-SNAPSHOT.jar:$root/trunking/target/softswitch-trunking-0.1.0-SNAPSHOT.jar"

echo "== compiling benchmarks" >&2
rm -rf "$out/classes" && mkdir -p "$out/classes"
javac --release 17 -cp "$cp" -processorpath "$cp" -d "$out/classes" $(find "$here/src/main/java" -name '*.java')

if [ -n "${QUICK:-}" ]; then jmh_args=(-f 1 -wi 1 -i 2); else jmh_args=(-f 2 -wi 3 -i 5); fi

echo "== JMH on CPU $cpu: ${jmh_args[*]}" >&2
taskset -c "$cpu" java -cp "$out/classes:$cp" org.openjdk.jmh.Main "${jmh_args[@]}" -w 2s -r 1s \
  -jvmArgs "-Xms2g -Xmx2g" -rf json -rff "$out/jmh.json" "io.softswitch.bench.trunking.${ONLY:-}.*Benchmark.*" \
  | tee "$out/jmh.txt"

if [ -z "${ONLY:-}" ]; then
  echo "== 1M-prefix build: time and retained heap, CPU $cpu" >&2
  taskset -c "$cpu" java -Xms3g -Xmx3g -cp "$out/classes:$cp" io.softswitch.bench.trunking.BuildMeasurement \
    "${BUILD_RUNS:-7}" | tee "$out/build.txt"
fi

echo "load after run: $(cut -d" " -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
echo "== summary (medians of all measured iterations)" >&2
python3 - "$out/jmh.json" <<'PY'
import json, statistics, sys
runs = json.load(open(sys.argv[1]))
med = {}
for r in runs:
    name = r["benchmark"].split(".")[-1]
    raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
    med[name] = statistics.median(raw)
    print(f"{name:45s} median {med[name]:>14,.0f} ops/s  ({len(raw)} iterations)")
def ratio(a, b):
    if a in med and b in med:
        print(f"ratio {a} / {b}: {med[a] / med[b]:.2f}")
ratio("trieLongestMatch", "referenceHashProbe")
ratio("strictE164CacheZipf", "strictE164NoCacheZipf")
ratio("nationalFormsCacheZipf", "nationalFormsNoCacheZipf")
for name in ("strictE164NoCache", "strictE164CacheNoRepeat", "strictE164NoCacheZipf", "strictE164CacheZipf",
             "nationalFormsNoCache", "nationalFormsCacheNoRepeat", "nationalFormsNoCacheZipf",
             "nationalFormsCacheZipf"):
    ratio(name, "referenceLibphonenumberParseAndValidate")
PY
