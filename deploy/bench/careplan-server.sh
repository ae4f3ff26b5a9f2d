# Sourced by the bench scripts: starts the packaged Careplan server with a backend client for the
# bench (client credentials, system/*.cruds), waits until it is ready, and fetches its token; and
# starts the stock HAPI JPA starter beside it.
#
#   careplan_start <port> <data-dir> <log> [server arguments...]   # sets careplan_pid; CAREPLAN_JAR picks another build
#   careplan_token <port>                                            # prints an access token
#   starter_start <war> <port> <postgres-port> <log> [starter arguments...]   # sets starter_pid
#   starter_add_search_parameters <port> <folder>                      # the package's SearchParameters
#   cpu_ms <pid>                                                       # the process's CPU time so far, in ms
#   postgres_cpu_ms <data-dir>                                         # CPU time so far of the embedded PostgreSQL under it, in ms
#   servers_stop <pid>...                                              # stops the servers, paused or not, and waits
#   profiler_start <pid>; profiler_stop <pid> <file>                   # async-profiler on a running JVM (below)

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
# installed on the starter at localhost:<port> so that it can answer the same searches. Install them
# while its database is empty, and start the starter with starter_without_reindexing: otherwise HAPI
# queues a reindex job for each parameter, and the jobs, starting minutes later, reindex whatever has
# been loaded by then, in the background of the measurements (on 2026-12-06, 57 s of the starter's
# CPU during one 60-second read mix).
starter_without_reindexing=--hapi.fhir.mark_resources_for_reindexing_upon_search_parameter_change=false
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

# CPU time (user and system) so far of the embedded PostgreSQL whose cluster is under <data-dir>
# (a Careplan start's --careplan.data-dir): its postmaster, every live process it started
# (backends, writers), and those that have ended (their time is added to the postmaster's when it
# reaps them), in milliseconds, from /proc.
postgres_cpu_ms() {
	local pidfile postmaster
	pidfile=$(find "$1" -name postmaster.pid -print -quit)
	postmaster=$(head -1 "$pidfile")
	{
		awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat"
		for child in $(ps -o pid= --ppid "$postmaster"); do
			awk '{print $14 + $15 + $16 + $17}' "/proc/$child/stat" 2>/dev/null || true
		done
	} | awk -v tick="$(getconf CLK_TCK)" '{sum += $1} END {print sum * 1000 / tick}'
}

# A server the bench left stopped (SIGSTOP, CAREPLAN_BENCH_PIDS) acts on SIGTERM only once continued.
servers_stop() {
	for pid in "$@"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
	for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

# async-profiler (tools.profiler:async-profiler, from Maven Central), attached to a running JVM: CPU
# time sampled by interval timer every 5 ms on every thread, the JIT compilers and the collector
# included, with each stack's thread first. It costs a run almost nothing; a JFR recording made a
# warmed import use three times the CPU and misplaced its samples (results/2026-12-06-profiler-check.md).
profiler_library() {
	local dir platform
	dir=$(realpath -m deploy/bench/target/async-profiler)
	case "$(uname -m)" in
		x86_64) platform=linux-x64 ;;
		aarch64) platform=linux-arm64 ;;
		*) echo "async-profiler has no library for $(uname -m)" >&2; return 1 ;;
	esac
	if [ ! -f "$dir/$platform/libasyncProfiler.so" ]; then
		mvn -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:3.0 -DoutputDirectory="$dir" \
			-Dmdep.stripVersion=true >&2
		unzip -q -o "$dir/async-profiler.jar" "$platform/*" -d "$dir"
	fi
	echo "$dir/$platform/libasyncProfiler.so"
}

# jcmd hands the options to the library only as one quoted argument.
profiler_start() { jcmd "$1" JVMTI.agent_load "$(profiler_library)" '"start,event=itimer,interval=5ms,threads"' >/dev/null; }

# Writes the samples since profiler_start to <file>, one line per stack (collapsed: thread;frames count).
profiler_stop() { jcmd "$1" JVMTI.agent_load "$(profiler_library)" "\"stop,file=$2,collapsed\"" >/dev/null; }

# The write path's main frames, for profile_summary: HAPI's storage steps, then Careplan's hooks.
# The audit trail is named by its classes that do the work: its servlet filter wraps every request,
# so a frame of the whole package would count every sample of a request thread.
write_path_frames=(BaseHapiFhirDao.updateEntity SearchParamExtractorService.extractFromResource
	TransactionProcessor.flushSession ResourceHistoryCalculator.calculateResourceHistoryState hashUnencodedChars
	ValidatingWrites.check utilization/FactCapture provenance/ProvenanceRecorder audit/AuditedWrites
	audit/AuditOutbox audit/AuditDrain)

# The read path's main frames, for profile_summary: HAPI's request handling (all of it, then its
# search and its JSON encoding), the PostgreSQL driver, then what Careplan adds around a read.
read_path_frames=(RestfulServer.handleRequest search/builder/SearchBuilder JsonParser.doEncodeResourceToWriter
	org/postgresql/ NimbusJwtDecoder.decode security/scopes/ audit/AuditOutbox.addNow audit/AuditTrailFilter
	org/careplanfhir/server/search/ org/careplanfhir/server/readcache/)

# Shares of a collapsed profile's samples: by thread group, then for each frame given (inclusive).
profile_summary() {
	local file=$1
	shift
	echo "| Threads | Share of samples |"
	echo "|---|---|"
	awk '
		{ n = $NF; total += n; thread = substr($0, 2, index($0, "]") - 2) }
		thread ~ /^(bulk-import-write|http-nio)/ { group["request and import threads"] += n; next }
		thread ~ /CompilerThre/ { group["JIT compilers"] += n; next }
		thread ~ /^(GC Thread|G1 )/ { group["garbage collector"] += n; next }
		thread ~ /^Hibernate Search|Lucene/ { group["Hibernate Search and Lucene"] += n; next }
		{ group["other threads"] += n }
		END { for (g in group) printf "| %s | %.1f %% |\n", g, 100 * group[g] / total }
	' "$file" | sort -t'|' -k3 -rn
	echo
	echo "| Frames (inclusive) | Share of samples |"
	echo "|---|---|"
	FRAMES=$(printf '%s\n' "$@") awk '
		BEGIN { count = split(ENVIRON["FRAMES"], frame, "\n") }
		{ n = $NF; total += n; for (i = 1; i <= count; i++) if (frame[i] != "" && index($0, frame[i])) hits[i] += n }
		END { for (i = 1; i <= count; i++) if (frame[i] != "") printf "| `%s` | %.1f %% |\n", frame[i], 100 * hits[i] / total }
	' "$file"
}
