#!/usr/bin/env bash
# Where a warmed bulk `$import` spends the server's CPU, sampled by async-profiler:
#
#   deploy/bench/profile-import.sh <output-folder> [patients]
#
# Starts Careplan as it ships (strict validation, full text, security, the audit trail) with an
# import folder; imports one population (seed 7) so that the JIT has compiled the write path; then
# profiles the import of a second population of the same size (seed 42, as `import-vs-starter.sh`
# generates it), with `profiler_start`/`profiler_stop` of careplan-server.sh: every thread of the
# JVM, the JIT compilers and the collector included. Results in <output-folder>: import.collapsed
# (one line per stack, its thread first, for flame graphs and grep) and summary.md.
# Build first: mvn -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/../.."
output=$(realpath -m "${1:?usage: $0 <output-folder> [patients]}")
patients=${2:-3000}
jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
port=${CAREPLAN_PORT:-18080}
postgres_port=${POSTGRES_PORT:-15433}
for file in "$jar" "$bench"; do
	[ -f "$file" ] || { echo "missing $file: build first (mvn -DskipTests package)" >&2; exit 1; }
done
. deploy/bench/careplan-server.sh
profiler_library > /dev/null
mkdir -p "$output"
data_dir=$(mktemp -d)
mkdir -p "$data_dir/imports"
careplan_pid=
trap 'servers_stop $careplan_pid; rm -rf "$data_dir"' EXIT
for seed in 7 42; do
	[ -d "$output/population-$seed/ndjson" ] || java -jar "$bench" generate "$output/population-$seed" "$patients" "$seed" > /dev/null
done

careplan_start "$port" "$data_dir/careplan" "$output/careplan.log" \
	--careplan.storage.embedded.port="$postgres_port" --careplan.security.backend-token-lifetime=120m \
	--careplan.bulk-import.folder="$data_dir/imports"
token=$(careplan_token "$port")
import() {
	CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" bulk-import "http://localhost:$port/fhir" "$1" "$data_dir/imports"
}
import "$output/population-7" > "$output/warm-up.md"
profiler_start "$careplan_pid"
cpu_before=$(cpu_ms "$careplan_pid")
import "$output/population-42" > "$output/import.md"
cpu_after=$(cpu_ms "$careplan_pid")
profiler_stop "$careplan_pid" "$output/import.collapsed"

resources=$(tail -1 "$output/import.md" | awk -F'|' '{print $3}' | tr -d ' ')
rate=$(tail -1 "$output/import.md" | awk -F'|' '{print $6}' | tr -d ' ')
{
	echo "# Warmed \`\$import\` of $patients patients (seed 42, after seed 7), sampled by async-profiler"
	echo
	echo "$resources resources at $rate resources/s; the JVM's CPU per resource:" \
		"$(awk -v c="$cpu_before" -v d="$cpu_after" -v r="$resources" 'BEGIN { printf "%.2f ms", (d - c) / r }')."
	echo
	profile_summary "$output/import.collapsed" "${write_path_frames[@]}" TransactionProcessor.preFetch \
		TransactionWriter.parse bulkimport/ReferenceCheck ReferralSequenceRule
} > "$output/summary.md"
cat "$output/summary.md"
