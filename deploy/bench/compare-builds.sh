#!/usr/bin/env bash
# This build of Careplan against another build of it (an earlier commit, say), on the same machine
# in one run, for a change's before-and-after figures:
#
#   deploy/bench/compare-builds.sh <other-careplan-server.jar> <output-folder> [patients] [clients] [seconds]
#
# Starts both with security off, each on a fresh data folder, loads one generated population (seed
# 42) into each, then runs the insurer read mix as it comes and with caches bypassed (-fresh),
# comparing the two request by request, the insurer's date-range questions asked with a year and
# with its days, and the includes scenario (5,000 observations of one patient) on both. Results: <output-folder>/results.md; both servers' logs beside it. Build first:
# mvn -DskipTests package here, and the same in the other checkout.
set -euo pipefail
cd "$(dirname "$0")/../.."
other_jar=$(realpath "${1:?usage: $0 <other-careplan-server.jar> <output-folder> [patients] [clients] [seconds]}")
output=$(realpath -m "${2:?usage: $0 <other-careplan-server.jar> <output-folder> [patients] [clients] [seconds]}")
patients=${3:-300}
clients=${4:-4}
seconds=${5:-30}
this_jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
this_port=${THIS_PORT:-18091}
other_port=${OTHER_PORT:-18092}
mkdir -p "$output"
this_data=$(mktemp -d)
other_data=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$this_data" "$other_data"
}
trap cleanup EXIT

start() { # jar port data log
	java ${JAVA_OPTS:--Xmx1g} -jar "$1" --server.port="$2" --careplan.data-dir="$3" --careplan.security.enabled=false >"$4" 2>&1 &
	pids+=("$!")
	until curl -sf -o /dev/null "http://localhost:$2/actuator/health/readiness"; do
		kill -0 "${pids[-1]}" 2>/dev/null || { echo "server exited; see $4" >&2; exit 1; }
		sleep 1
	done
}
start "$this_jar" "$this_port" "$this_data" "$output/this.log"
start "$other_jar" "$other_port" "$other_data" "$output/other.log"
this=http://localhost:$this_port/fhir
other=http://localhost:$other_port/fhir

[ -d "$output/population" ] || java -jar "$bench" generate "$output/population" "$patients" 42
{
	echo "# This build ($this) against $other_jar ($other)"
	echo
	# The loads' progress bars are left out of the results.
	java -jar "$bench" load "$this" "$output/population" "$clients" | tr '\r' '\n' | grep -v '^\['
	java -jar "$bench" load "$other" "$output/population" "$clients" | tr '\r' '\n' | grep -v '^\['
	for mix in insurer insurer-fresh; do
		java -jar "$bench" read-mix "$mix" "$this" "$output/population" "$clients" "$seconds" "$other"
		echo
	done
	java -jar "$bench" date-searches "$this" 200 "$other"
	echo
	java -jar "$bench" includes "$this" 5000 5 "$other"
} | tee "$output/results.md"
