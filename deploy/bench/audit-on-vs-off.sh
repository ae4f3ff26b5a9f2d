#!/usr/bin/env bash
# The cost of the audit trail, on the same machine in one run: starts the packaged server twice,
# each on a fresh data folder, one with careplan.audit.enabled=true (every read, search and write
# recorded) and one with it false; loads one generated population (seed 42) into each; then runs
# the EHR read mix with caches bypassed (ehr-fresh), each client alternating request by request
# between the two servers, and write throughput on each server in turn, three rounds.
#
#   deploy/bench/audit-on-vs-off.sh <output-folder> [patients] [clients] [seconds]
#
# Both servers run with security off, as compare-builds.sh does (one bench token cannot serve two
# servers with keys of their own); the audit trail then records the anonymous caller, and its cost
# (the outbox row before each answer, the drain, the patients of each answer) is the same.
# Results: <output-folder>/results.md; both servers' logs beside it. Build first:
# mvn -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/../.."
output=$(realpath -m "${1:?usage: $0 <output-folder> [patients] [clients] [seconds]}")
patients=${2:-300}
clients=${3:-4}
seconds=${4:-30}
jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
on_port=${ON_PORT:-18093}
off_port=${OFF_PORT:-18094}
[ -f "$jar" ] && [ -f "$bench" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }
mkdir -p "$output"
on_data=$(mktemp -d)
off_data=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$on_data" "$off_data"
}
trap cleanup EXIT

start() { # port data log audit-enabled
	java ${JAVA_OPTS:--Xmx1g} -jar "$jar" --server.port="$1" --careplan.data-dir="$2" --careplan.security.enabled=false \
		--careplan.audit.enabled="$4" >"$3" 2>&1 &
	pids+=("$!")
	until curl -sf -o /dev/null "http://localhost:$1/actuator/health/readiness"; do
		kill -0 "${pids[-1]}" 2>/dev/null || { echo "server exited; see $3" >&2; exit 1; }
		sleep 1
	done
}
start "$on_port" "$on_data" "$output/audit-on.log" true
start "$off_port" "$off_data" "$output/audit-off.log" false
on=http://localhost:$on_port/fhir
off=http://localhost:$off_port/fhir

[ -d "$output/population" ] || java -jar "$bench" generate "$output/population" "$patients" 42
{
	echo "# Audit trail on ($on) against off ($off)"
	echo
	java -jar "$bench" load "$on" "$output/population" "$clients" | tr '\r' '\n' | grep -v '^\['
	java -jar "$bench" load "$off" "$output/population" "$clients" | tr '\r' '\n' | grep -v '^\['
	echo
	echo "## EHR read mix, caches bypassed (audit on = the measured server, off = the compare base)"
	java -jar "$bench" read-mix ehr-fresh "$on" "$output/population" "$clients" "$seconds" "$off"
	echo
	echo "## Write throughput, taking turns"
	for round in 1 2 3; do
		for server in on off; do
			base=$on
			[ "$server" = off ] && base=$off
			echo "### Round $round, audit $server"
			java -jar "$bench" write-throughput "$base" "$clients" "$seconds"
		done
	done
	echo
	echo "AuditEvents stored by the audited server: $(curl -sf "$on/AuditEvent?_summary=count&_count=0" | sed -E 's/.*"total":([0-9]+).*/\1/')"
} | tee "$output/results.md"
