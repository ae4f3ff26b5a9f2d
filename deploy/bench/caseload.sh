#!/usr/bin/env bash
# A case manager's caseload in a large population:
#
#   deploy/bench/caseload.sh <output-folder> [patients] [requests] [clients]
#
# Starts the packaged server on a fresh data folder (security off, as compare-builds.sh, and
# validation off: the figure is $caseload's, and the population is checked against the profiles by
# the bench's own tests), generates a population (seed 42, 10,000 patients by default: 24 case
# managers with about 200 active cases each), loads it, then times Practitioner/[id]/$caseload of
# the busiest case manager with caches bypassed. Results: <output-folder>/results.md; the server's
# log beside it. Build first: mvn -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/../.."
output=$(realpath -m "${1:?usage: $0 <output-folder> [patients] [requests] [clients]}")
patients=${2:-10000}
requests=${3:-200}
clients=${4:-4}
jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
port=${PORT:-18093}
mkdir -p "$output"
data=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
	rm -rf "$data"
}
trap cleanup EXIT

java ${JAVA_OPTS:--Xmx2g} -jar "$jar" --server.port="$port" --careplan.data-dir="$data" \
	--careplan.security.enabled=false --careplan.validation.mode=off >"$output/server.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://localhost:$port/actuator/health/readiness"; do
	kill -0 "$pid" 2>/dev/null || { echo "server exited; see $output/server.log" >&2; exit 1; }
	sleep 1
done
base=http://localhost:$port/fhir

[ -d "$output/population" ] || java -jar "$bench" generate "$output/population" "$patients" 42
{
	echo "# \$caseload in a population of $patients patients"
	echo
	java -jar "$bench" load "$base" "$output/population" "$clients" | tr '\r' '\n' | grep -v '^\['
	echo
	java -jar "$bench" caseload "$base" "$output/population" "$requests"
} | tee "$output/results.md"
