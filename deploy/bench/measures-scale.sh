#!/usr/bin/env bash
# How $evaluate-measure grows with the referrals: starts the packaged server on a fresh embedded
# database (backend token lifetime 60 min, so a long load keeps its token), loads 10,000 and then
# 100,000 referrals with the bench's `measures` scenario through the FHIR API, and times the
# measures after each load. Then, for 1,000,000, it multiplies the summary table's referral rows
# tenfold with SQL (copies of each row under new ids, the same days, statuses and strata): the
# measure reads only the summary tables, so this is its engine's figure at that size, not a load
# through the API (which would take hours on this machine). Needs psql.
#
#   deploy/bench/measures-scale.sh [requests] [clients]
#
# Build first: mvn -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200}
clients=${2:-4}
jar=server/target/careplan-server/careplan-server.jar
bench=deploy/bench/target/careplan-bench.jar
port=${PORT:-18090}
pg_port=${PG_PORT:-18432}
[ -f "$jar" ] && [ -f "$bench" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }
command -v psql >/dev/null || { echo "needs psql (apt-get install postgresql-client)" >&2; exit 1; }

. deploy/bench/careplan-server.sh
data_dir=$(mktemp -d)
log=$(mktemp)
careplan_start "$port" "$data_dir" "$log" --careplan.storage.embedded.port="$pg_port" \
	--careplan.security.backend-token-lifetime=60m
trap 'kill "$careplan_pid" 2>/dev/null || true; wait "$careplan_pid" || true; rm -rf "$data_dir" "$log"' EXIT
token=$(careplan_token "$port")
sql() { psql -h localhost -p "$pg_port" -U postgres -d careplan -qtA -c "$1"; }

for referrals in 10000 100000; do
	echo "== $referrals referrals"
	CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" measures "http://localhost:$port/fhir" "$referrals" "$requests" "$clients"
	echo "summary table: $(sql 'SELECT count(*) FROM cp_referral_fact') referral rows"
done

echo "== 1,000,000 referral rows: the 100,000 loaded, copied nine times more in the summary table"
sql "INSERT INTO cp_referral_fact (referral_id, patient_id, authored, status, service_system, service_code,
	performer_type_system, performer_type_code, episode_id, specialty_code, coverage_id, payer, units_authorized,
	units_used, first_service)
	SELECT referral_id || '-copy' || copy, patient_id, authored, status, service_system, service_code,
	performer_type_system, performer_type_code, episode_id, specialty_code, coverage_id, payer, units_authorized,
	units_used, first_service
	FROM cp_referral_fact, generate_series(1, 9) AS copy WHERE referral_id LIKE 'mb-sr-%'; ANALYZE cp_referral_fact"
echo "summary table: $(sql 'SELECT count(*) FROM cp_referral_fact') referral rows"
CAREPLAN_BENCH_TOKEN=$token java -jar "$bench" measures "http://localhost:$port/fhir" 100000 "$((requests / 4))" "$clients"
