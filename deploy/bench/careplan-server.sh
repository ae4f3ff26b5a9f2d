# Sourced by the bench scripts: starts the packaged Careplan server with a backend client for the
# bench (client credentials, system/*.cruds), waits until it is ready, and fetches its token; and
# starts the stock HAPI JPA starter beside it.
#
#   careplan_start <port> <data-dir> <log> [server arguments...]   # sets careplan_pid; CAREPLAN_JAR picks another build
#   careplan_token <port>                                            # prints an access token
#   starter_start <war> <port> <postgres-port> <log> [starter arguments...]   # sets starter_pid
#   starter_add_search_parameters <port> <folder>                      # the package's SearchParameters
#   cpu_ms <pid>                                                       # the process's CPU time so far, in ms
#   servers_stop <pid>...                                              # stops the servers, paused or not, and waits

# The case-management package the profiles module builds (its search parameters go to the starter).
careplan_package=profiles/target/careplan.fhir.cm-0.1.0.tgz

careplan_start() {
	local port=$1 data_dir=$2 log=$3
	shift 3
	java ${JAVA_OPTS:--Xmx1g} -XX:+ExitOnOutOfMemoryError -jar "${CAREPLAN_JAR:-server/target/careplan-server/careplan-server.jar}" --server.port="$port" \
		--careplan.data-dir="$data_dir" \
		--careplan.security.clients[0].client-id=bench --careplan.security.clients[0].auth-method=client_secret_basic \
		--careplan.security.clients[0].secret=bench-secret-bench-secret \
		'--careplan.security.clients[0].scopes=system/*.cruds' "$@" >"$log" 2>&1 &
	careplan_pid=$!
	until curl -sf -o /dev/null "http://localhost:$port/actuator/health/readiness"; do
		kill -0 "$careplan_pid" 2>/dev/null || { echo "server exited; see $log" >&2; return 1; }
		sleep 0.5
	done
}

careplan_token() {
	curl -sf -u bench:bench-secret-bench-secret -d grant_type=client_credentials -d 'scope=system/*.cruds' \
		"http://localhost:$1/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# The starter as it ships (no validation, no security) on the PostgreSQL at localhost:<postgres-port>,
# typically the embedded one of a Careplan start given --careplan.storage.embedded.port; waits until
# it answers.
starter_start() {
	local war=$1 port=$2 postgres_port=$3 log=$4
	shift 4
	java ${JAVA_OPTS:--Xmx1g} -jar "$war" --server.port="$port" \
		--spring.datasource.url="jdbc:postgresql://localhost:$postgres_port/postgres" \
		--spring.datasource.username=postgres --spring.datasource.password= \
		--spring.datasource.driverClassName=org.postgresql.Driver \
		--spring.jpa.properties.hibernate.dialect=ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect \
		"$@" >"$log" 2>&1 &
	starter_pid=$!
	until curl -sf -o /dev/null "http://localhost:$port/fhir/metadata"; do
		kill -0 "$starter_pid" 2>/dev/null || { echo "starter exited; see $log" >&2; return 1; }
		sleep 1
	done
}

# The case-management package's search parameters (from the built package, unpacked into <folder>),
# installed on the starter at localhost:<port> so that it can answer the same searches.
starter_add_search_parameters() {
	local port=$1 folder=$2 parameter id
	tar -xzf "$careplan_package" -C "$folder" package
	for parameter in "$folder"/package/SearchParameter-*.json; do
		id=$(basename "$parameter" .json)
		curl -sf -o /dev/null -X PUT "http://localhost:$port/fhir/SearchParameter/${id#SearchParameter-}" \
			-H 'Content-Type: application/fhir+json' --data-binary @"$parameter"
	done
}

# CPU time (user and system) the process has used so far, in milliseconds, from /proc.
cpu_ms() { awk -v tick="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / tick}' "/proc/$1/stat"; }

# A server the bench left stopped (SIGSTOP, CAREPLAN_BENCH_PIDS) acts on SIGTERM only once continued.
servers_stop() {
	for pid in "$@"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
	for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}
