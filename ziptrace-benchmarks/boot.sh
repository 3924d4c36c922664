#!/usr/bin/env bash
# The Spring Boot overhead benchmark alone: one Spring MVC application untraced, traced by ziptrace's
# starter and traced by Boot's Brave tracing, into a real Zipkin (see BootOverhead's javadoc).
#   ziptrace-benchmarks/boot.sh [seconds per phase, default 5] [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl ziptrace-benchmarks,ziptrace-benchmarks-spring -am package >&2
cd ziptrace-benchmarks
cp="target/classes:$(cat target/classpath.txt)"
java -cp "$cp" io.ziptrace.benchmarks.BootOverhead target/zipkin/zipkin-server.jar ../ziptrace-benchmarks-spring/target \
  "${1:-5}" "${2:-5}" 2>/dev/null
