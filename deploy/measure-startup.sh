#!/usr/bin/env bash
# Measures what the foundation issue targets: time from JVM launch to the first 200 from
# /fhir/metadata, and heap in use after start-up and one full GC.
#
#   deploy/measure-startup.sh [runs] [data-dir]
#
# Uses server/target/careplan-server/careplan-server.jar, or the jar in JAR (build it first), on
# the embedded database in data-dir (default: a fresh temporary folder, removed afterwards, so the
# first run also creates the schema). JVM options come from JAVA_OPTS (default -Xmx1g, as in the
# README).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
if [ -n "${2:-}" ]; then
	data_dir=$2
else
	data_dir=$(mktemp -d)
	trap 'rm -rf "$data_dir"' EXIT
fi
jar=${JAR:-server/target/careplan-server/careplan-server.jar}
port=${PORT:-18080}
java_opts=${JAVA_OPTS:--Xmx1g -XX:+ExitOnOutOfMemoryError}
[ -f "$jar" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }

for run in $(seq 1 "$runs"); do
	log=$(mktemp)
	start=$(date +%s%N)
	# shellcheck disable=SC2086
	java $java_opts -jar "$jar" --server.port="$port" --careplan.data-dir="$data_dir" >"$log" 2>&1 &
	pid=$!
	until curl -sf -o /dev/null "http://localhost:$port/fhir/metadata"; do
		kill -0 "$pid" 2>/dev/null || { echo "server exited; see $log" >&2; exit 1; }
		sleep 0.1
	done
	elapsed=$((($(date +%s%N) - start) / 1000000))
	jcmd "$pid" GC.run >/dev/null
	heap=$(jcmd "$pid" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {print $(i + 1); exit}}')
	kill "$pid"
	wait "$pid" || true
	echo "run $run: first 200 from /fhir/metadata after ${elapsed} ms; heap used after GC: ${heap}"
	rm -f "$log"
done
