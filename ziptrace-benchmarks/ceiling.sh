#!/usr/bin/env bash
# The collector's ceiling and each library's highest zero-drop rate into Zipkin (a fresh server per
# measurement), plus gzip's cost: prints markdown tables and a summary (see CollectorCeiling's javadoc).
#   ziptrace-benchmarks/ceiling.sh [seconds per step, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl ziptrace-benchmarks -am package >&2
cd ziptrace-benchmarks
cp="target/classes:$(cat target/classpath.txt)"
echo "uptime before: $(uptime)"
java -cp "$cp" io.ziptrace.benchmarks.CollectorCeiling target/zipkin/zipkin-server.jar "${1:-5}" 2>/dev/null
