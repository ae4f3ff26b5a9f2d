#!/usr/bin/env bash
# Write throughput with profile validation on (strict) and off, on the same machine in one run:
# starts the packaged server once per mode on a fresh embedded database, runs the bench's
# write-throughput scenario against it, stops it.
#
#   deploy/bench/strict-vs-off.sh [clients] [seconds]
#
# Build first: mvn -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${1:-4}
seconds=${2:-60}
jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
port=${PORT:-18090}
[ -f "$jar" ] && [ -f "$bench" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }

for mode in strict off; do
	data_dir=$(mktemp -d)
	log=$(mktemp)
	java ${JAVA_OPTS:--Xmx1g} -jar "$jar" --server.port="$port" --careplan.data-dir="$data_dir" \
		--careplan.validation.mode="$mode" >"$log" 2>&1 &
	pid=$!
	until curl -sf -o /dev/null "http://localhost:$port/actuator/health/readiness"; do
		kill -0 "$pid" 2>/dev/null || { echo "server exited; see $log" >&2; exit 1; }
		sleep 0.5
	done
	echo "== careplan.validation.mode=$mode"
	java -jar "$bench" write-throughput "http://localhost:$port/fhir" "$clients" "$seconds"
	kill "$pid"
	wait "$pid" || true
	rm -rf "$data_dir" "$log"
done
