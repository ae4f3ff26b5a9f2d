#!/usr/bin/env bash
# Bulk $import against REST ingest, Careplan and the stock HAPI JPA starter side by side:
#
#   deploy/bench/import-vs-starter.sh <starter.war> <output-folder> [patients ...]
#
# For each population size (300 and 3000 by default), on a fresh PostgreSQL: starts Careplan as it
# ships (strict validation, full text, security on, the audit trail) with an import folder, and the
# starter as it ships (no validation, no security) on the same cluster; generates the population
# unless it is there; loads it into the starter by REST transactions (`load`, 4 clients), then into
# Careplan by `$import` (`bulk-import`), and, at the smallest size only, into a second fresh Careplan
# by REST too. The server not being measured is stopped (SIGSTOP) meanwhile. CAREPLAN_ARGS adds
# server arguments to the Careplan that imports (e.g. --careplan.bulk-import.writer=transactions). Results: <output-folder>/results.md; the servers' logs beside it. Build first:
# mvn -DskipTests package; build the starter as deploy/bench/README.md says.
set -euo pipefail
cd "$(dirname "$0")/../.."
starter_war=$(realpath "${1:?usage: $0 <starter.war> <output-folder> [patients ...]}")
output=$(realpath -m "${2:?usage: $0 <starter.war> <output-folder> [patients ...]}")
shift 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(300 3000)
jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
careplan_port=${CAREPLAN_PORT:-18080}
starter_port=${STARTER_PORT:-18082}
postgres_port=${POSTGRES_PORT:-15433}
for file in "$jar" "$bench" "$starter_war"; do
	[ -f "$file" ] || { echo "missing $file: build first (mvn -DskipTests package)" >&2; exit 1; }
done
. deploy/bench/careplan-server.sh
mkdir -p "$output"
pids=()
stop_all() {
	servers_stop "${pids[@]}"
	pids=()
}
trap stop_all EXIT

rate() { sed -nE 's/.*: ([0-9.]+) resources\/s.*/\1/p' | tail -1; }

echo "| patients | resources | starter, REST transactions (res/s) | Careplan, REST transactions (res/s) | Careplan, \$import (res/s) | refused | \$import ÷ starter REST |" > "$output/results.md"
echo "|---|---|---|---|---|---|---|" >> "$output/results.md"
for patients in "${sizes[@]}"; do
	population="$output/population-$patients"
	[ -d "$population/ndjson" ] || java -jar "$bench" generate "$population" "$patients" > /dev/null
	data_dir=$(mktemp -d)
	mkdir -p "$data_dir/imports"
	careplan_start "$careplan_port" "$data_dir/careplan" "$output/careplan-$patients.log" \
		--careplan.storage.embedded.port="$postgres_port" --careplan.security.backend-token-lifetime=120m \
		--careplan.bulk-import.folder="$data_dir/imports" ${CAREPLAN_ARGS:-}
	pids+=("$careplan_pid")
	starter_start "$starter_war" "$starter_port" "$postgres_port" "$output/starter-$patients.log"
	pids+=("$starter_pid")

	# Each server's JVM is stopped while the other is measured; Careplan's PostgreSQL runs on.
	kill -STOP "$careplan_pid"
	starter_rest=$(java -jar "$bench" load "http://localhost:$starter_port/fhir" "$population" 4 2>/dev/null | tee -a "$output/log.txt" | rate)
	kill -CONT "$careplan_pid"
	kill -STOP "$starter_pid"
	token=$(careplan_token "$careplan_port")
	CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" bulk-import "http://localhost:$careplan_port/fhir" "$population" \
		"$data_dir/imports" | tee -a "$output/log.txt" > "$output/import-$patients.md"
	resources=$(tail -1 "$output/import-$patients.md" | awk -F'|' '{print $3}' | tr -d ' ')
	refused=$(tail -1 "$output/import-$patients.md" | awk -F'|' '{print $4}' | tr -d ' ')
	imported=$(tail -1 "$output/import-$patients.md" | awk -F'|' '{print $6}' | tr -d ' ')
	stop_all

	careplan_rest="–"
	if [ "$patients" = "${sizes[0]}" ]; then
		rest_dir=$(mktemp -d)
		careplan_start "$careplan_port" "$rest_dir" "$output/careplan-rest-$patients.log" \
			--careplan.storage.embedded.port="$postgres_port" --careplan.security.backend-token-lifetime=120m
		pids+=("$careplan_pid")
		careplan_rest=$(CAREPLAN_BENCH_TOKEN=$(careplan_token "$careplan_port") java -jar "$bench" load \
			"http://localhost:$careplan_port/fhir" "$population" 4 2>/dev/null | tee -a "$output/log.txt" | rate)
		stop_all
		rm -rf "$rest_dir"
	fi
	ratio=$(awk -v a="$imported" -v b="$starter_rest" 'BEGIN { printf "%.2f×", a / b }')
	echo "| $patients | $resources | $starter_rest | $careplan_rest | $imported | $refused | $ratio |" >> "$output/results.md"
	rm -rf "$data_dir"
done
cat "$output/results.md"
