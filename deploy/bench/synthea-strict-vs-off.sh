#!/usr/bin/env bash
# The cost of checking US Core: a seeded Synthea population (every resource claiming its US Core
# 6.1.0 profile) ingested with profile validation strict and off, on the same machine in one run.
# Also times start-up with the shipped packages: the first start on an empty database (which
# installs them) and a restart on the same data, each until readiness.
#
#   deploy/bench/synthea-strict-vs-off.sh [patients] [seed] [clients]
#
# POPULATION=<folder> keeps the generated population there (and reuses it if it is there already).
#
# Build first: mvn -DskipTests package && mvn -pl deploy/bench -am -Psynthea -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/../.."
patients=${1:-20}
seed=${2:-42}
clients=${3:-4}
bench=deploy/bench/target/careplan-bench.jar
port=${PORT:-18090}
[ -f server/target/careplan-server/careplan-server.jar ] && [ -f "$bench" ] \
	|| { echo "build first: see the top of this script" >&2; exit 1; }

. deploy/bench/careplan-server.sh
seconds_since() { awk -v from="$1" -v now="$(date +%s%N)" 'BEGIN { printf "%.1f", (now - from) / 1e9 }'; }
population=${POPULATION:-$(mktemp -d)}
for mode in strict off; do
	data_dir=$(mktemp -d)
	log=$(mktemp)
	started=$(date +%s%N)
	careplan_start "$port" "$data_dir" "$log" --careplan.validation.mode="$mode"
	echo "== careplan.validation.mode=$mode"
	echo "first start (empty database) ready in $(seconds_since "$started") s"
	kill "$careplan_pid" 2>/dev/null || true
	wait "$careplan_pid" || true
	started=$(date +%s%N)
	careplan_start "$port" "$data_dir" "$log" --careplan.validation.mode="$mode"
	echo "restart ready in $(seconds_since "$started") s"
	CAREPLAN_BENCH_TOKEN=$(careplan_token "$port") \
		java -jar "$bench" synthea "http://localhost:$port/fhir" "$population" "$patients" "$seed" "$clients" || true
	kill -0 "$careplan_pid" 2>/dev/null || { echo "the server exited during the run:"; grep -m1 -i "error" "$log" || true; }
	kill "$careplan_pid" 2>/dev/null || true
	wait "$careplan_pid" || true
	rm -rf "$data_dir" "$log"
done
[ -n "${POPULATION:-}" ] || rm -rf "$population"
