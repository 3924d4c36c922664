#!/usr/bin/env bash
# Runs every benchmark and prints markdown tables for docs/benchmarks.md.
#   ziptrace-benchmarks/run.sh [JMH options, default: -f 1 -wi 3 -i 5 -w 1s -r 1s]
set -euo pipefail
cd "$(dirname "$0")/.."
# ziptrace-benchmarks-spring: the Spring Boot application BootOverhead runs, and its class paths.
mvn -B -q -DskipTests -pl ziptrace-benchmarks,ziptrace-benchmarks-spring -am package >&2
cd ziptrace-benchmarks
cp="target/classes:$(cat target/classpath.txt)"
jmh_options=("$@")
[ ${#jmh_options[@]} -eq 0 ] && jmh_options=(-f 1 -wi 3 -i 5 -w 1s -r 1s)

echo "## Machine"
echo "$(nproc) cores, $(java -version 2>&1 | head -1)"
echo
echo "## Microbenchmarks (JMH, -prof gc)"
java -cp "$cp" org.openjdk.jmh.Main "${jmh_options[@]}" -prof gc -rf csv -rff target/jmh.csv \
  'SpanLifecycleBenchmark|PropagationBenchmark|ExtractInjectBenchmark|BaggageBenchmark|EncodingBenchmark|ObservationBenchmark|ResponseTimerBenchmark' > target/jmh.log
java -cp "$cp" io.ziptrace.benchmarks.ResultsTable target/jmh.csv

echo
echo "## CPU per span actually encoded: each library's async reporter into a discarding sender"
java -cp "$cp" io.ziptrace.benchmarks.CpuPerSpan 2>/dev/null

echo
echo "## Root span on the request path while the reporter keeps up: application thread CPU and elapsed time per span"
java -cp "$cp" io.ziptrace.benchmarks.RequestPathCost 2>/dev/null

echo
echo "## End to end: 1,000,000 spans from 4 threads into a real Zipkin"
port=$(java -cp "$cp" io.ziptrace.benchmarks.FreePort)
# Zipkin 3 serves through Armeria, which ignores --server.address: these keep it on loopback.
java -Xmx1g -jar target/zipkin/zipkin-server.jar "--armeria.ports[0].ip=127.0.0.1" \
  "--armeria.ports[0].port=$port" "--armeria.ports[0].protocols=http" > target/zipkin.log 2>&1 &
zipkin_pid=$!
trap 'kill $zipkin_pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do sleep 1; done
collected() {
  curl -s "http://127.0.0.1:$port/metrics" | sed -n 's/.*"counter.zipkin_collector.spans.http" : \([0-9.]*\).*/\1/p' | cut -d. -f1
}
echo "| library | spans | seconds | spans/s offered | dropped by client | accepted by Zipkin | accepted/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for library in ziptrace brave; do
  before=$(collected)
  read -r name spans seconds rate dropped rss < <(java -Xmx1g -cp "$cp" io.ziptrace.benchmarks.EndToEnd \
    "$library" "http://127.0.0.1:$port/api/v2/spans" 1000000 4)
  sleep 2 # let Zipkin finish counting what it received
  accepted=$(( $(collected) - before ))
  per_second=$(awk "BEGIN { printf \"%.0f\", $accepted / $seconds }")
  echo "| $name | $spans | $seconds | $rate | $dropped | $accepted | $per_second | $rss |"
done

echo
echo "## HTTP server overhead: JDK HttpServer with and without TracingFilter"
java -cp "$cp" io.ziptrace.benchmarks.HttpOverhead

echo
echo "## Vert.x HTTP server overhead: untraced, ziptrace, vertx-zipkin (Brave)"
java -cp "$cp" io.ziptrace.benchmarks.VertxOverhead 2>/dev/null

echo
echo "## Vert.x Kafka client overhead: untraced, ziptrace, vertx-zipkin (Brave), broker in its own JVM"
java -cp "$cp" io.ziptrace.benchmarks.VertxKafkaOverhead 2>/dev/null

echo
echo "## Spring Boot overhead: one application untraced, with ziptrace's starter, with Boot's Brave tracing, into a real Zipkin"
java -cp "$cp" io.ziptrace.benchmarks.BootOverhead target/zipkin/zipkin-server.jar ../ziptrace-benchmarks-spring/target 2>/dev/null

echo
echo "## Steady rates into one Zipkin: HTTP sender and Kafka sender (in-process broker), same run"
java -cp "$cp" io.ziptrace.benchmarks.SenderRates target/zipkin/zipkin-server.jar 5 2>/dev/null

echo
echo "## The collector's ceiling and each library's highest zero-drop rate (a fresh Zipkin per measurement)"
java -cp "$cp" io.ziptrace.benchmarks.CollectorCeiling target/zipkin/zipkin-server.jar 5 2>/dev/null
