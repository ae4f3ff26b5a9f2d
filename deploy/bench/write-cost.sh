#!/usr/bin/env bash
# Write throughput and what each written resource costs the server's CPU, for several ways of
# starting the packaged server, and for the stock starter, in one run on this machine:
#
#   deploy/bench/write-cost.sh <starter.war|-> <output-folder> [rounds] <label>='<java options>|<server arguments>[|<server jar>]' ...
#
#   e.g. deploy/bench/write-cost.sh /tmp/starter/target/ROOT.war /tmp/wc 2 g1='|' parallel-gc='-XX:+UseParallelGC|'
#        deploy/bench/write-cost.sh - /tmp/wc 3 before='||/tmp/before/careplan-server.jar' after='|'
#
# For each round and each label (then the starter, unless '-'): a fresh embedded database, the
# generated 300-patient population loaded by 4 clients (ingest), WARM_UP_SECONDS (15 by default) of
# the write-throughput scenario to warm up (the JIT compiler is still busy after 15 s), then 40 s
# measured, reading the server process's CPU time, and its PostgreSQL's, from /proc before and
# after: resources/s, p99, and JVM and PostgreSQL CPU milliseconds per resource written. Every
# Careplan start has strict validation, full text, audit and security on, as it ships; -Xmx1g
# unless the options say otherwise (the starter gets -Xmx1g too, then STARTER_JAVA_OPTS if set).
# The Careplan start that hosts the starter's database is stopped (SIGSTOP) while the starter runs,
# and its PostgreSQL is the one counted for the starter. Results:
# <output-folder>/results.md. With PROFILE=1, async-profiler samples each server's measured 40 s
# (profiler_start of careplan-server.sh) into <output-folder>/<label>-round<n>.collapsed, and
# results.md gains each profile's summary. WRITE_REFERENCES=conditional has the write scenario find its
# patient by record number (Patient?identifier=...), as an EHR's push does, instead of by placeholder.
set -euo pipefail
cd "$(dirname "$0")/../.."
usage="usage: $0 <starter.war|-> <output-folder> [rounds] <label>='<java options>|<server arguments>[|<server jar>]' ..."
starter_war=${1:?$usage}
[ "$starter_war" = - ] || starter_war=$(realpath "$starter_war")
output=$(realpath -m "${2:?$usage}")
shift 2
rounds=1
if [[ ${1:-} =~ ^[0-9]+$ ]]; then rounds=$1; shift; fi
[ $# -gt 0 ] || { echo "$usage" >&2; exit 1; }
bench=deploy/bench/target/careplan-bench.jar
references=${WRITE_REFERENCES:-placeholders}
port=${PORT:-18090}
starter_port=${STARTER_PORT:-18092}
postgres_port=${POSTGRES_PORT:-15434}
[ -f server/target/careplan-server/careplan-server.jar ] && [ -f "$bench" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }
. deploy/bench/careplan-server.sh
[ -z "${PROFILE:-}" ] || profiler_library >/dev/null
mkdir -p "$output"
[ -d "$output/population" ] || java -jar "$bench" generate "$output/population" 300 >/dev/null
pids=()
cleanup() { servers_stop "${pids[@]}"; }
trap cleanup EXIT

measure() { # label base-url server-pid database-data-dir [token]
	local label=$1 base=$2 pid=$3 database=$4 token=${5:-} load out before after pg_before pg_after rate
	load=$(CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" load "$base" "$output/population" 4 $token 2>/dev/null | tail -1)
	CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" write-throughput "$base" 4 "${WARM_UP_SECONDS:-15}" "$references" >/dev/null
	[ -z "${PROFILE:-}" ] || profiler_start "$pid"
	before=$(cpu_ms "$pid")
	pg_before=$(postgres_cpu_ms "$database")
	out=$(CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" write-throughput "$base" 4 40 "$references" | tail -1)
	after=$(cpu_ms "$pid")
	pg_after=$(postgres_cpu_ms "$database")
	[ -z "${PROFILE:-}" ] || profiler_stop "$pid" "$output/${label// /-}-round$round.collapsed"
	rate=$(awk '{print $1}' <<<"$out")
	awk -v l="$label" -v load="$load" -v out="$out" -v rate="$rate" -v cpu="$((${after%.*} - ${before%.*}))" \
		-v pg="$((${pg_after%.*} - ${pg_before%.*}))" 'BEGIN {
		match(load, /: [0-9.]+ resources\/s/); ingest = substr(load, RSTART + 2, RLENGTH - 14)
		match(out, /p99 [0-9]+ ms/); p99 = substr(out, RSTART + 4, RLENGTH - 7)
		printf "| %s | %s | %s | %s | %.2f | %.2f |\n", l, ingest, rate, p99, cpu / (rate * 40), pg / (rate * 40) }' >>"$output/results.md"
}

{
	echo "# Write cost, $(date -u +%F), ${WARM_UP_SECONDS:-15} s of writes to warm up, the patient referred to by $references"
	echo
	echo "| Server | Ingest (res/s) | Write throughput (res/s) | Write p99 ms | JVM CPU ms per resource written | PostgreSQL CPU ms per resource written |"
	echo "|---|---|---|---|---|---|"
} >"$output/results.md"
for round in $(seq "$rounds"); do
	for variant in "$@"; do
		label=${variant%%=*}
		spec=${variant#*=}
		java_options=${spec%%|*}
		arguments=${spec#*|}
		jar=server/target/careplan-server/careplan-server.jar
		if [[ $arguments == *"|"* ]]; then
			jar=${arguments#*|}
			arguments=${arguments%%|*}
		fi
		data_dir=$(mktemp -d)
		# shellcheck disable=SC2086 # options and arguments are word lists
		CAREPLAN_JAR=$jar JAVA_OPTS="-Xmx1g $java_options" careplan_start "$port" "$data_dir" "$output/$label.log" \
			--careplan.security.backend-token-lifetime=60m $arguments
		pids=("$careplan_pid")
		measure "$label" "http://localhost:$port/fhir" "$careplan_pid" "$data_dir" "$(careplan_token "$port")"
		kill "$careplan_pid"; wait "$careplan_pid" 2>/dev/null || true
		rm -rf "$data_dir"
	done
	[ "$starter_war" = - ] && continue
	# The starter as it ships, on an embedded PostgreSQL hosted by a Careplan start that serves nothing else.
	data_dir=$(mktemp -d)
	careplan_start "$port" "$data_dir" "$output/database-host.log" --careplan.storage.embedded.port="$postgres_port"
	JAVA_OPTS="-Xmx1g ${STARTER_JAVA_OPTS:-}" starter_start "$starter_war" "$starter_port" "$postgres_port" "$output/starter.log"
	pids=("$careplan_pid" "$starter_pid")
	# The host's JVM is stopped while the starter is measured (its PostgreSQL, a process of its own,
	# runs on): an idle JVM's compiler can take a core for seconds.
	kill -STOP "$careplan_pid"
	measure "stock starter" "http://localhost:$starter_port/fhir" "$starter_pid" "$data_dir"
	servers_stop "$starter_pid" "$careplan_pid"
	rm -rf "$data_dir"
done
# One round says little on two cores: the same build's write throughput has differed by 40 % from
# one round to the next, with the JIT still compiling. With several rounds, each server's median
# and range, and its medians' ratio to the starter's.
if [ "$rounds" -gt 1 ]; then
	medians=$(awk -F' [|] ' -v rounds="$rounds" '
		function median(list,   values, n, i, j, swap) {
			n = split(list, values, " ")
			for (i = 2; i <= n; i++) for (j = i; j > 1 && values[j - 1] + 0 > values[j] + 0; j--) {
				swap = values[j]; values[j] = values[j - 1]; values[j - 1] = swap
			}
			return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
		}
		function range(list,   values, n, i, low, high) {
			n = split(list, values, " "); low = high = values[1]
			for (i = 2; i <= n; i++) { if (values[i] + 0 < low + 0) low = values[i]; if (values[i] + 0 > high + 0) high = values[i] }
			return low "–" high
		}
		/^\| / && !/^\| Server/ && !/^\|---/ {
			label = substr($1, 3)
			if (!(label in ingest)) order[++labels] = label
			ingest[label] = ingest[label] " " $2; writes[label] = writes[label] " " $3; p99[label] = p99[label] " " $4
			jvm[label] = jvm[label] " " $5; pg[label] = pg[label] " " substr($6, 1, length($6) - 2)
		}
		END {
			starter = "stock starter"
			printf "\n## Medians of %d rounds\n\n", rounds
			printf "| Server | Ingest (res/s) | ÷ starter | Write throughput (res/s), range | ÷ starter | Write p99 ms | JVM CPU ms per resource | PostgreSQL CPU ms per resource |\n"
			printf "|---|---|---|---|---|---|---|---|\n"
			for (i = 1; i <= labels; i++) {
				l = order[i]
				printf "| %s | %.1f | %s | %.1f (%s) | %s | %s | %.2f | %.2f |\n", l, median(ingest[l]),
					starter in ingest ? sprintf("%.2f×", median(ingest[l]) / median(ingest[starter])) : "–",
					median(writes[l]), range(writes[l]),
					starter in writes ? sprintf("%.2f×", median(writes[l]) / median(writes[starter])) : "–",
					median(p99[l]), median(jvm[l]), median(pg[l])
			}
		}' "$output/results.md")
	printf '%s\n' "$medians" >>"$output/results.md"
fi
if [ -n "${PROFILE:-}" ]; then
	for profile in "$output"/*.collapsed; do
		{
			echo
			echo "## $(basename "$profile" .collapsed), the measured 40 s"
			echo
			profile_summary "$profile" "${write_path_frames[@]}" ca/uhn/fhir/parser/JsonParser.doEncodeResourceToWriter \
				ca/uhn/fhir/util/FhirTerser.visit org/careplanfhir/server/security/scopes/ \
				org/careplanfhir/server/subscriptions/ org/hibernate/search org/postgresql/
		} >>"$output/results.md"
	done
fi
cat "$output/results.md"
