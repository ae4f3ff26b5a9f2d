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

for mode in strict off; do
	data_dir=$(mktemp -d)
	log=$(mktemp)
	java ${JAVA_OPTS:--Xmx1g} -jar "$jar" --server.port="$port" --careplan.data-dir="$data_dir" \
		--careplan.validation.mode="$mode" \
		--careplan.security.clients[0].client-id=bench --careplan.security.clients[0].auth-method=client_secret_basic \
		--careplan.security.clients[0].secret=bench-secret-bench-secret \
		'--careplan.security.clients[0].scopes=system/*.cruds' >"$log" 2>&1 &
	pid=$!
	until curl -sf -o /dev/null "http://localhost:$port/actuator/health/readiness"; do
		kill -0 "$pid" 2>/dev/null || { echo "server exited; see $log" >&2; exit 1; }
		sleep 0.5
	done
	echo "== careplan.validation.mode=$mode"
	CAREPLAN_BENCH_TOKEN=$(curl -sf -u bench:bench-secret-bench-secret -d grant_type=client_credentials \
		-d 'scope=system/*.cruds' "http://localhost:$port/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/') \
		java -jar "$bench" write-throughput "http://localhost:$port/fhir" "$clients" "$seconds"
	kill "$pid"
	wait "$pid" || true
	rm -rf "$data_dir" "$log"
done
