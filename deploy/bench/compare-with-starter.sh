#!/usr/bin/env bash
# The standard suite against Careplan FHIR Server and the stock HAPI JPA starter, on the same
# machine and the same PostgreSQL, in one run:
#
#   deploy/bench/compare-with-starter.sh <starter.war> <output-folder> [patients] [clients] [seconds]
#
# Starts Careplan on a fresh data folder (its embedded PostgreSQL on a fixed port, a backend client
# for the bench), starts the starter's war on the cluster's `postgres` database with its own
# defaults, gives the starter the case-management search parameters the insurer mix uses, runs
# `suite` with the starter as compare base, and stops both. Results: <output-folder>/results.json
# and results.md; both servers' logs are kept beside them. Build first: mvn -DskipTests package;
# build the starter as deploy/bench/README.md says.
#
# Careplan records its audit trail as it does in production. AUDIT_READS=false leaves successful
# reads and searches unrecorded (careplan.audit.reads); results.md then says so in its first line.
set -euo pipefail
cd "$(dirname "$0")/../.."
starter_war=$(realpath "${1:?usage: $0 <starter.war> <output-folder> [patients] [clients] [seconds]}")
output=$(realpath -m "${2:?usage: $0 <starter.war> <output-folder> [patients] [clients] [seconds]}")
patients=${3:-300}
clients=${4:-4}
seconds=${5:-60}
jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
careplan_port=${CAREPLAN_PORT:-18080}
starter_port=${STARTER_PORT:-18082}
postgres_port=${POSTGRES_PORT:-15433}
. deploy/bench/careplan-server.sh
for file in "$jar" "$bench" "$careplan_package" "$starter_war"; do
	[ -f "$file" ] || { echo "missing $file: build first (mvn -DskipTests package)" >&2; exit 1; }
done

mkdir -p "$output"
data_dir=$(mktemp -d)
pids=()
cleanup() {
	servers_stop "${pids[@]}"
	rm -rf "$data_dir"
}
trap cleanup EXIT

audit_reads=${AUDIT_READS:-true}
careplan_start "$careplan_port" "$data_dir" "$output/careplan.log" \
	--careplan.storage.embedded.port="$postgres_port" --careplan.security.backend-token-lifetime=120m \
	--careplan.audit.reads="$audit_reads"
pids+=("$careplan_pid")
admin_password=$(grep -A3 'Created the first administrator account' "$output/careplan.log" | sed -n 's/.*password: *//p' | head -1)

# The starter as it ships (no validation, no security), on the same PostgreSQL cluster, with its
# bulk export switched on for the bulk export scenario, and no reindexing after the package's search
# parameters are installed into its empty database (starter_add_search_parameters).
starter_start "$starter_war" "$starter_port" "$postgres_port" "$output/starter.log" --hapi.fhir.bulk_export_enabled=true \
	"$starter_without_reindexing"
pids+=("$starter_pid")

starter_add_search_parameters "$starter_port" "$data_dir"

# Each server is measured alone with the other stopped (SIGSTOP): an idle JVM's compiler still takes CPU.
CAREPLAN_BENCH_TOKEN=$(careplan_token "$careplan_port") CAREPLAN_BENCH_PIDS="$careplan_pid,$starter_pid" \
	java -jar "$bench" suite "http://localhost:$careplan_port/fhir" "$output" "$patients" "$clients" "$seconds" \
	"admin:$admin_password" "http://localhost:$starter_port/fhir"
# What the figures include: the audit trail's reads are part of them unless turned off.
if [ "$audit_reads" = false ]; then
	sed -i '1i > Careplan ran with careplan.audit.reads=false: its successful reads and searches were not recorded in the audit trail (writes and refusals were).\n' "$output/results.md"
else
	sed -i '1i > Careplan ran with its audit trail on (careplan.audit.enabled and careplan.audit.reads true): every request was recorded.\n' "$output/results.md"
fi
