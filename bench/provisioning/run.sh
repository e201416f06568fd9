#!/usr/bin/env bash
# bench/provisioning/run.sh — time one API write (POST /v1/Trunks) with many trunks provisioned
# (issue 14: a write at 10,000 trunks should stay under 200 ms). Not part of `mvn verify`; never
# runs `mvn install`: packages the reactor jars in place and runs WriteAtScale on core's classpath.
#
#   bench/provisioning/run.sh              # 10,000 trunks, 7 timed writes (after 2 warm-up writes)
#   bench/provisioning/run.sh 1000 5       # other sizes
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target"
mkdir -p "$out"
echo "== building core (mvn package -pl core -am -DskipTests)" >&2
# one reactor invocation, so that core's classpath resolves the sibling modules (core is built last)
(cd "$root" && mvn -B -q -pl core -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$out/deps.txt" -Dmdep.includeScope=runtime)
cp="$(cat "$out/deps.txt"):$root/core/target/classes:$root/config/target/classes:$root/trunking/target/classes:$root/sip-stack/target/classes:$root/media-relay/target/classes"
rm -rf "$out/classes" && mkdir -p "$out/classes"
javac --release 17 -cp "$cp" -d "$out/classes" $(find "$here/src" -name '*.java')
export SOFTSWITCH_ACCOUNT_SID="AC$(printf '%032d' 1)"
export SOFTSWITCH_AUTH_TOKEN="bench-token-0123456789"
java -Xms512m -Xmx1g -cp "$out/classes:$cp" io.softswitch.bench.provisioning.WriteAtScale "${1:-10000}" "${2:-7}"
