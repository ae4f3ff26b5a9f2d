#!/usr/bin/env bash
# Write throughput with profile validation on (strict) and off, on the same machine in one run:
# starts the packaged server once per mode on a fresh embedded database, runs the bench's
# write-throughput scenario against it as a backend client (a client-credentials token, as an EHR
# integration would use), stops it.
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

. deploy/bench/careplan-server.sh
for mode in strict off; do
	data_dir=$(mktemp -d)
	log=$(mktemp)
	careplan_start "$port" "$data_dir" "$log" --careplan.validation.mode="$mode"
	echo "== careplan.validation.mode=$mode"
	CAREPLAN_BENCH_TOKEN=$(careplan_token "$port") \
		java -jar "$bench" write-throughput "http://localhost:$port/fhir" "$clients" "$seconds"
	kill "$careplan_pid" 2>/dev/null || true
	wait "$careplan_pid" || true
	rm -rf "$data_dir" "$log"
done
