#!/usr/bin/env bash
# Two server instances in cluster mode against one, on this machine, on the EHR mix with caches
# bypassed (ehr-fresh):
#
#   deploy/bench/cluster-vs-single.sh <output-folder> [patients] [clients] [seconds]
#
# Starts a PostgreSQL server and an OpenSearch node (deploy/cluster's DatabaseNode and
# SearchEngineNode, from Maven Central's jars), then instance A in cluster mode; loads a generated
# population through A; runs ehr-fresh against A alone with <clients> clients; starts instance B and
# runs ehr-fresh against A and B at once, half the clients on each (what a load balancer would do).
# Each round reads each instance's CPU time (/proc), so the figures include CPU-seconds per request
# per instance: what one core serves, and so what N instances on N machines would. Results:
# <output-folder>/results.md; every process's log beside it. Build first: mvn -DskipTests package.
#
# MIX=ehr runs the EHR mix as it comes instead, answered from the read cache when it can, which in
# cluster mode reads the cluster's write counter before each answer; READ_CACHE=false turns the
# cache off on both instances: the two, side by side, say what keeping the cache costs and earns.
set -euo pipefail
cd "$(dirname "$0")/../.."
output=$(realpath -m "${1:?usage: $0 <output-folder> [patients] [clients] [seconds]}")
patients=${2:-300}
clients=${3:-4}
seconds=${4:-60}
mix=${MIX:-ehr-fresh}
read_cache=${READ_CACHE:-true}
jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
cluster_classes=deploy/cluster/target/classes
cluster_classpath=deploy/cluster/target/search-node.classpath
for file in "$jar" "$bench" "$cluster_classpath"; do
	[ -f "$file" ] || { echo "missing $file: build first (mvn -DskipTests package)" >&2; exit 1; }
done
classpath="$cluster_classes:$(cat "$cluster_classpath")"
port_a=${PORT_A:-18180}
port_b=${PORT_B:-18181}
postgres_port=${POSTGRES_PORT:-15440}
search_port=${SEARCH_PORT:-19240}

. deploy/bench/careplan-server.sh
mkdir -p "$output"
work=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

start_node() { # name main-class args...
	local name=$1
	shift
	java -Xmx512m -cp "$classpath" "$@" >"$output/$name.log" 2>&1 &
	pids+=("$!")
	until grep -q STARTED "$output/$name.log"; do
		kill -0 "${pids[-1]}" 2>/dev/null || { echo "$name exited; see $output/$name.log" >&2; exit 1; }
		sleep 0.5
	done
}
start_node postgres org.careplanfhir.cluster.DatabaseNode "$work/postgres" "$postgres_port"
start_node opensearch org.careplanfhir.cluster.SearchEngineNode "$work/opensearch" "$search_port"
until curl -sf -o /dev/null "http://localhost:$search_port/_cluster/health"; do sleep 0.5; done

cluster=(--spring.datasource.url="jdbc:postgresql://localhost:$postgres_port/postgres"
	--spring.datasource.username=postgres --careplan.search.backend=elasticsearch
	--careplan.search.elasticsearch.hosts="localhost:$search_port"
	--careplan.fhir.server-address="http://localhost:$port_a/fhir"
	--careplan.security.backend-token-lifetime=120m --careplan.read-cache.enabled="$read_cache")
careplan_start "$port_a" "$work/a" "$output/careplan-a.log" --careplan.cluster.node-name=a "${cluster[@]}"
pid_a=$careplan_pid
pids+=("$pid_a")
token=$(careplan_token "$port_a")
[ -d "$output/population" ] || java -jar "$bench" generate "$output/population" "$patients" >/dev/null
CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" load "http://localhost:$port_a/fhir" "$output/population" 4 2>/dev/null \
	| tail -1 >"$output/load.txt"

mix() { # port clients output-file
	CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" read-mix "$mix" "http://localhost:$1/fhir" "$output/population" \
		"$2" "$seconds" 2>/dev/null >"$3"
}
requests_per_s() { awk -F'|' '/^\| http/ { gsub(/ /, "", $3); print $3 }' "$1"; }
p99() { awk -F'|' '/^\| http/ { gsub(/ /, "", $6); print $6 }' "$1"; }

cpu_a0=$(cpu_ms "$pid_a")
db0=$(postgres_cpu_ms "$work/postgres")
mix "$port_a" "$clients" "$output/single.md"
cpu_a1=$(cpu_ms "$pid_a")
db1=$(postgres_cpu_ms "$work/postgres")

careplan_start "$port_b" "$work/b" "$output/careplan-b.log" --careplan.cluster.node-name=b "${cluster[@]}"
pid_b=$careplan_pid
pids+=("$pid_b")
# B warms up on its own first, as a new instance behind a load balancer would.
mix "$port_b" "$((clients / 2))" "$output/warm-up-b.md"
cpu_a2=$(cpu_ms "$pid_a")
cpu_b2=$(cpu_ms "$pid_b")
db2=$(postgres_cpu_ms "$work/postgres")
mix "$port_a" "$((clients / 2))" "$output/two-a.md" &
mix_a=$!
mix "$port_b" "$((clients - clients / 2))" "$output/two-b.md"
wait "$mix_a"
cpu_a3=$(cpu_ms "$pid_a")
cpu_b3=$(cpu_ms "$pid_b")
db3=$(postgres_cpu_ms "$work/postgres")

single=$(requests_per_s "$output/single.md")
two_a=$(requests_per_s "$output/two-a.md")
two_b=$(requests_per_s "$output/two-b.md")
{
	echo "# Two instances in cluster mode against one: $mix, read cache $([ "$read_cache" = true ] && echo on || echo off)"
	echo
	echo "$(date -u +%F), $(nproc) cores, $patients patients, $clients clients, $seconds s per round; $(cat "$output/load.txt")"
	echo
	echo "| | requests/s | p99 ms | server CPU ms per request (A / B) | PostgreSQL CPU ms per request |"
	echo "|---|---|---|---|---|"
	awk -v r="$single" -v p="$(p99 "$output/single.md")" -v c0="$cpu_a0" -v c1="$cpu_a1" -v d0="$db0" -v d1="$db1" \
		-v s="$seconds" \
		'BEGIN { printf "| one instance (A) | %.1f | %s | %.2f | %.2f |\n", r, p, (c1 - c0) / (r * s), (d1 - d0) / (r * s) }'
	awk -v ra="$two_a" -v rb="$two_b" -v pa="$(p99 "$output/two-a.md")" -v pb="$(p99 "$output/two-b.md")" \
		-v a2="$cpu_a2" -v a3="$cpu_a3" -v b2="$cpu_b2" -v b3="$cpu_b3" -v d2="$db2" -v d3="$db3" -v s="$seconds" \
		-v r1="$single" \
		'BEGIN { printf "| two instances (A + B) | %.1f (%.1f + %.1f) | %s / %s | %.2f / %.2f | %.2f |\n", ra + rb, ra, rb, pa, pb, (a3 - a2) / (ra * s), (b3 - b2) / (rb * s), (d3 - d2) / ((ra + rb) * s);
		         printf "\nTwo ÷ one: **%.2f×**.\n", (ra + rb) / r1 }'
} >"$output/results.md"
cat "$output/results.md"
