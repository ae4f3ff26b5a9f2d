#!/usr/bin/env bash
# Builds a class-data-sharing archive for the laid-out server (server/target/careplan-server/),
# so that the JVM maps the ~25,000 classes it loads at start-up instead of reading and verifying
# them each time. Start the server with it:
#
#   java -Xmx1g -XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=server/target/careplan-server/careplan-server.jsa \
#        -jar server/target/careplan-server/careplan-server.jar
#
# The archive fits only the JVM that built it and this exact build of the server: rebuild it after
# either changes (the JVM then warns and starts without it). It takes about a minute: one training
# start of the server on a throwaway embedded database, then the dump.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=server/target/careplan-server
jar=$dir/careplan-server.jar
[ -f "$jar" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Training start (records the classes the server loads)..."
java -Xmx1g -XX:DumpLoadedClassList="$work/classes.lst" -Dspring.context.exit=onRefresh \
	-jar "$jar" --server.port=0 --careplan.data-dir="$work/data" >"$work/training.log" 2>&1 \
	|| { cat "$work/training.log" >&2; exit 1; }

# OpenJDK 17 crashes while archiving lambda proxy classes (the '@lambda-proxy' lines of the list),
# so they are left out; they are still created at run time as usual.
grep -v '^@' "$work/classes.lst" >"$work/classes-without-lambdas.lst"

echo "Dumping the archive..."
java -Xmx1g -Xshare:dump -XX:SharedClassListFile="$work/classes-without-lambdas.lst" \
	-XX:SharedArchiveFile="$dir/careplan-server.jsa" -jar "$jar" >"$work/dump.log" 2>&1 \
	|| { tail -20 "$work/dump.log" >&2; exit 1; }
echo "Wrote $dir/careplan-server.jsa ($(du -h "$dir/careplan-server.jsa" | cut -f1))"
