#!/usr/bin/env bash
# Starts the image build-image.sh made and probes it as an operator would: it starts as the
# unprivileged user on its own JRE, becomes ready on its embedded database, answers the FHIR
# endpoint (metadata open, data behind a token), and its health check command passes inside it.
#
#   deploy/image/try-image.sh [port]
#
# The container runs under buildah with chroot isolation (the image's file system and user, the
# host's network): a container runtime (crun, runc) needs setrlimit and cgroups, which some
# machines (this project's CI among them) refuse. Exits non-zero on the first check that fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-18400}
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | sed -n 2p)
image=careplan-fhir-server:$version
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}
log=server/target/try-image.log
rm -f "$log"
fail() { echo "FAILED: $*" >&2; [ -f "$log" ] && { echo "--- last lines of $log" >&2; tail -20 "$log" >&2; }; exit 1; }

config=$(buildah inspect --type image --format '{{.Docker.Config.User}} {{.Docker.Config.Healthcheck.Test}}' "$image")
echo "image config: $config"
[[ $config == "10001:10001 "* ]] || fail "the image does not run as user 10001"
[[ $config == *"actuator/health/readiness"* ]] || fail "the image has no health check on readiness"

container=$(buildah from "$image")
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
	buildah rm "$container" >/dev/null 2>&1 || true
}
trap cleanup EXIT

in_image() { buildah run --isolation chroot "$container" -- "$@"; }
[ "$(in_image id -u)" = 10001 ] || fail "commands in the image do not run as 10001"
# Read whole before matching: under pipefail, 'grep -q' leaving early would fail the pipe (SIGPIPE).
java_version=$(in_image java -version 2>&1) || fail "java -version fails in the image"
[[ $java_version == *'version "17'* ]] || fail "the image's Java is not 17: $java_version"
if in_image sh -c 'command -v javac' >/dev/null 2>&1; then fail "the image holds a JDK (javac), not a JRE only"; fi

# The image's own entry point command, with the settings an operator gives.
buildah run --isolation chroot --env SERVER_PORT="$port" \
	--env CAREPLAN_FHIR_SERVER_ADDRESS="http://localhost:$port/fhir" "$container" -- \
	/bin/sh -c 'exec java $JAVA_OPTS -jar /opt/careplan/careplan-server.jar' >"$log" 2>&1 &
server_pid=$!
deadline=$((SECONDS + 600))
until curl -sf -o /dev/null "http://localhost:$port/actuator/health/readiness"; do
	kill -0 "$server_pid" 2>/dev/null || fail "the server in the image exited"
	[ $SECONDS -lt $deadline ] || fail "not ready within 10 minutes"
	sleep 2
done
echo "ready after ${SECONDS}s"
in_image sh -c "curl -sf http://localhost:$port/actuator/health/readiness" >/dev/null \
	|| fail "the health check command fails inside the image"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/fhir/metadata")" = 200 ] \
	|| fail "GET /fhir/metadata is not 200"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/fhir/Patient")" = 401 ] \
	|| fail "GET /fhir/Patient without a token is not 401"
grep -q 'first administrator' "$log" || fail "no first administrator was created"
echo "the image starts as user 10001 on its Java 17 runtime, is ready, and its health check passes"
