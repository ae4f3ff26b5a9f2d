#!/usr/bin/env bash
# The write path with and without the compiled profile checks, beside the stock HAPI JPA starter, in
# one run on this machine. The packaged server on a fresh embedded database, first with
# careplan.validation.compiled-checks=true, then false (strict validation, full text and security on
# in both); then the starter's war as it ships (no validation, no security) on a fresh embedded
# PostgreSQL of its own (hosted by a third Careplan start, which serves nothing else). Each gets the
# same generated population loaded by parallel clients (ingest), then the write-throughput scenario.
#
#   deploy/bench/compiled-checks.sh <starter.war> [clients] [seconds] [patients]
#
# Build first: mvn -DskipTests package; the starter as deploy/bench/README.md says.
set -euo pipefail
cd "$(dirname "$0")/../.."
starter_war=$(realpath "${1:?usage: $0 <starter.war> [clients] [seconds] [patients]}")
clients=${2:-4}
seconds=${3:-60}
patients=${4:-300}
jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
port=${PORT:-18090}
starter_port=${STARTER_PORT:-18092}
postgres_port=${POSTGRES_PORT:-15434}
[ -f "$jar" ] && [ -f "$bench" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }

. deploy/bench/careplan-server.sh
population=$(mktemp -d)
java -jar "$bench" generate "$population" "$patients" >/dev/null
for compiled in true false; do
	data_dir=$(mktemp -d)
	log=$(mktemp)
	careplan_start "$port" "$data_dir" "$log" --careplan.validation.compiled-checks="$compiled"
	token=$(careplan_token "$port")
	echo "== Careplan, strict validation, careplan.validation.compiled-checks=$compiled"
	CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" load "http://localhost:$port/fhir" "$population" "$clients" "$token" | tail -1
	CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" write-throughput "http://localhost:$port/fhir" "$clients" "$seconds"
	kill "$careplan_pid" 2>/dev/null || true
	wait "$careplan_pid" || true
	rm -rf "$data_dir" "$log"
done

# The starter, as it ships (no validation, no security), on an embedded PostgreSQL of its own
# started by a Careplan server that then only serves as its database host.
data_dir=$(mktemp -d)
log=$(mktemp)
careplan_start "$port" "$data_dir" "$log" --careplan.storage.embedded.port="$postgres_port"
starter_start "$starter_war" "$starter_port" "$postgres_port" "$log.starter"
echo "== Stock HAPI JPA starter (no validation, no security)"
java -jar "$bench" load "http://localhost:$starter_port/fhir" "$population" "$clients" | tail -1
java -jar "$bench" write-throughput "http://localhost:$starter_port/fhir" "$clients" "$seconds"
kill "$starter_pid" "$careplan_pid" 2>/dev/null || true
wait "$starter_pid" "$careplan_pid" 2>/dev/null || true
rm -rf "$data_dir" "$log" "$log.starter" "$population"
