#!/usr/bin/env bash
# Reads with the caches bypassed, for one or more builds of Careplan, each beside the stock starter
# in one run on this machine:
#
#   deploy/bench/reads-vs-starter.sh <starter.war> <output-folder> <label>=<careplan-server.jar> ...
#
#   e.g. deploy/bench/reads-vs-starter.sh /tmp/starter/target/ROOT.war /tmp/reads \
#          before=/tmp/before/careplan-server.jar after=server/target/careplan-server/careplan-server.jar
#
# For each label in turn: Careplan (as it ships: strict validation, full text, audit, security)
# on a fresh embedded database and the starter on the same PostgreSQL, the case-management search
# parameters installed on the starter (no reindex job after them), the generated 300-patient
# population loaded into both, 20 s of rest, both processes' CPU time over 30 s of idling (from
# /proc), then the ehr-fresh and insurer-fresh read mixes (4 clients, 60 s) against both: latency
# with every client alternating between the two, throughput with each alone in alternating rounds,
# the other stopped (SIGSTOP) meanwhile. Results: <output-folder>/results.md.
#
# With PROFILE=1, async-profiler samples both servers through each mix (profiler_start of
# careplan-server.sh; a stopped server gives no samples) into
# <output-folder>/<label>/<mix>-careplan.collapsed and <mix>-starter.collapsed, and results.md gains
# each profile's summary. CAREPLAN_ARGS adds server arguments to every Careplan start (e.g.
# --careplan.audit.reads=false, to see what recording reads in the audit trail costs).
set -euo pipefail
cd "$(dirname "$0")/../.."
usage="usage: $0 <starter.war> <output-folder> <label>=<careplan-server.jar> ..."
starter_war=$(realpath "${1:?$usage}")
output=$(realpath -m "${2:?$usage}")
shift 2
[ $# -gt 0 ] || { echo "$usage" >&2; exit 1; }
bench=deploy/bench/target/careplan-bench.jar
careplan_port=${CAREPLAN_PORT:-18080}
starter_port=${STARTER_PORT:-18082}
postgres_port=${POSTGRES_PORT:-15433}
. deploy/bench/careplan-server.sh
for file in "$bench" "$careplan_package"; do
	[ -f "$file" ] || { echo "missing $file: build first (mvn -DskipTests package)" >&2; exit 1; }
done
[ -z "${PROFILE:-}" ] || profiler_library >/dev/null
mkdir -p "$output"
[ -d "$output/population" ] || java -jar "$bench" generate "$output/population" 300 >/dev/null
pids=()
cleanup() {
	servers_stop "${pids[@]}"
}
trap cleanup EXIT

echo "# Reads with caches bypassed against the stock starter, $(date -u +%F)" >"$output/results.md"
for labelled in "$@"; do
	label=${labelled%%=*}
	work="$output/$label"
	rm -rf "$work" && mkdir -p "$work"
	# shellcheck disable=SC2086 # CAREPLAN_ARGS is a list of arguments
	CAREPLAN_JAR=$(realpath "${labelled#*=}") careplan_start "$careplan_port" "$work/data" "$work/careplan.log" \
		--careplan.storage.embedded.port="$postgres_port" --careplan.security.backend-token-lifetime=120m ${CAREPLAN_ARGS:-}
	pids=("$careplan_pid")
	starter_start "$starter_war" "$starter_port" "$postgres_port" "$work/starter.log" "$starter_without_reindexing"
	pids+=("$starter_pid")
	starter_add_search_parameters "$starter_port" "$work"
	token=$(careplan_token "$careplan_port")
	{
		echo
		echo "## $label"
		echo
		CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" load "http://localhost:$careplan_port/fhir" "$output/population" 4 2>/dev/null | tail -1 | tr '\r' '\n' | tail -1
		java -jar "$bench" load "http://localhost:$starter_port/fhir" "$output/population" 4 2>/dev/null | tail -1 | tr '\r' '\n' | tail -1
		sleep 20
		careplan_before=$(cpu_ms "$careplan_pid")
		starter_before=$(cpu_ms "$starter_pid")
		sleep 30
		echo
		echo "Idle, CPU ms in 30 s: Careplan $(awk -v a="$(cpu_ms "$careplan_pid")" -v b="$careplan_before" 'BEGIN { print a - b }'), starter $(awk -v a="$(cpu_ms "$starter_pid")" -v b="$starter_before" 'BEGIN { print a - b }')"
		for mix in ehr-fresh insurer-fresh; do
			[ -z "${PROFILE:-}" ] || { profiler_start "$careplan_pid"; profiler_start "$starter_pid"; }
			CAREPLAN_BENCH_TOKEN=$token CAREPLAN_BENCH_PIDS="$careplan_pid,$starter_pid" java -jar "$bench" read-mix "$mix" "http://localhost:$careplan_port/fhir" \
				"$output/population" 4 60 "http://localhost:$starter_port/fhir" | tail -5
			[ -z "${PROFILE:-}" ] || { profiler_stop "$careplan_pid" "$work/$mix-careplan.collapsed"
				profiler_stop "$starter_pid" "$work/$mix-starter.collapsed"; }
		done
		if [ -n "${PROFILE:-}" ]; then
			for profile in "$work"/*.collapsed; do
				echo
				echo "### $label: $(basename "$profile" .collapsed), the whole mix"
				echo
				profile_summary "$profile" "${read_path_frames[@]}"
			done
		fi
	} >>"$output/results.md"
	cleanup
done
cat "$output/results.md"
