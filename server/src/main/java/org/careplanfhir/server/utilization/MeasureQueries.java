package org.careplanfhir.server.utilization;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A Measure's figures, in one aggregate query over the summary tables: the totals and every
 * stratifier's strata at once ({@code GROUPING SETS}), each a map from a figure's name to its value.
 * Only a subject-list report reads the counted records one by one, and then only their ids.
 */
class MeasureQueries {

	/**
	 * The referrals a referral measure counts, with what it stratifies them by: all in the referral's
	 * own row, so the query reads one table.
	 */
	private static final String REFERRALS = """
			SELECT r.referral_id AS id, r.status, r.units_authorized, r.units_used,
				(r.first_service - r.authored) AS days, r.service_system, r.service_code, r.specialty_code, r.payer,
				date_trunc('month', r.authored::timestamp)::date AS month, r.performer_type_system, r.performer_type_code
			FROM cp_referral_fact r
			WHERE r.authored BETWEEN ? AND ? AND r.status NOT IN ('draft', 'entered-in-error')""";

	/** Each figure a measure may ask for, as the aggregate that computes it. */
	private static final Map<String, String> FIGURES = Map.ofEntries(
			Map.entry("referred", "count(*)"),
			Map.entry("active", "count(*) FILTER (WHERE status = 'active')"),
			Map.entry("completed", "count(*) FILTER (WHERE status = 'completed')"),
			Map.entry("revoked", "count(*) FILTER (WHERE status = 'revoked')"),
			Map.entry("units_authorized_n", "count(units_authorized)"),
			Map.entry("units_authorized_sum", "sum(units_authorized)"),
			Map.entry("units_used_n", "count(units_used)"),
			Map.entry("units_used_sum", "sum(units_used)"),
			Map.entry("started", "count(days)"),
			Map.entry("days_median", "percentile_cont(0.5) WITHIN GROUP (ORDER BY days)"),
			Map.entry("days_p90", "percentile_cont(0.9) WITHIN GROUP (ORDER BY days)"),
			Map.entry("goals", "count(*)"),
			Map.entry("achieved", "count(*) FILTER (WHERE achieved)"));

	/**
	 * The goals the goal measure counts: each goal once, with the latest-ending plan of the period
	 * that lists it, achieved when its achievement was reached by that plan's end.
	 */
	private static final String GOALS = """
			SELECT DISTINCT ON (g.goal_id) g.goal_id AS id,
				(g.achievement IN ('achieved', 'sustaining') AND (g.status_date IS NULL OR g.status_date <= p.period_end))
					AS achieved,
				c.specialty_code,
				(SELECT min(v.payer) FROM cp_coverage_fact v WHERE v.beneficiary_id = p.patient_id AND v.active) AS payer,
				date_trunc('month', p.period_end::timestamp)::date AS month
			FROM cp_plan_goal_fact p
			JOIN cp_goal_fact g ON g.goal_id = p.goal_id
			LEFT JOIN cp_case_fact c ON c.episode_id = p.episode_id
			WHERE p.period_end BETWEEN ? AND ? AND p.plan_status NOT IN ('draft', 'entered-in-error')
				AND g.lifecycle NOT IN ('proposed', 'cancelled', 'rejected', 'entered-in-error')""";

	/** Each stratifier's columns: the stratum's system (or none) and its code or text. */
	private static final Map<String, List<String>> STRATUM_COLUMNS = Map.of(
			"service", List.of("service_system", "service_code"),
			"specialty", List.of("specialty_code"),
			"payer", List.of("payer"),
			"month", List.of("month"),
			"performer-type", List.of("performer_type_system", "performer_type_code"));

	/** The threads the queries of an evaluation run on, each with a connection of its own. */
	private static final ExecutorService QUERY_THREADS = Executors.newFixedThreadPool(4, work -> {
		Thread thread = new Thread(work, "measure-query");
		thread.setDaemon(true);
		return thread;
	});

	private final JdbcTemplate database;

	private final TransactionTemplate transactions;

	MeasureQueries(JdbcTemplate database, TransactionTemplate transactions) {
		this.database = database;
		this.transactions = transactions;
	}

	/**
	 * The figures, from two queries run at once on two connections: the totals with the first half
	 * of the stratifiers, and the other half. Each reads the table once and groups it by its own
	 * sets; on a machine with cores to spare they take about half the time one query would.
	 * @param patients the patients whose records count, or null for everyone's
	 */
	Figures figures(MeasureDefinition measure, LocalDate start, LocalDate end, Set<String> patients) {
		boolean goals = "Goal".equals(measure.basis());
		String population = population(goals, patients);
		List<String> stratifiers = measure.stratifiers();
		int half = (stratifiers.size() + 1) / 2;
		Figures figures = new Figures();
		List<CompletableFuture<Void>> queries = new ArrayList<>();
		for (List<String> part : List.of(stratifiers.subList(0, half), stratifiers.subList(half, stratifiers.size()))) {
			boolean withTotals = queries.isEmpty();
			if (part.isEmpty() && !withTotals) {
				continue;
			}
			String sql = query(measure, population, part, withTotals);
			queries.add(CompletableFuture.runAsync(() -> transactions.executeWithoutResult(
					status -> aggregate(sql, part, figures, start, end, patients)), QUERY_THREADS));
		}
		try {
			CompletableFuture.allOf(queries.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException failed) {
			throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
		}
		if (figures.total.isEmpty()) {
			measure.figures().forEach(figure -> figures.total.put(figure, FIGURES.get(figure).startsWith("count") ? 0L : null));
		}
		return figures;
	}

	/** The figures of these stratifiers (and, the first time, the totals) in one {@code GROUPING SETS} query. */
	private static String query(MeasureDefinition measure, String population, List<String> stratifiers,
			boolean withTotals) {
		StringBuilder sql = new StringBuilder("WITH pop AS (").append(population).append(") SELECT ");
		for (String stratifier : stratifiers) {
			sql.append("GROUPING(").append(STRATUM_COLUMNS.get(stratifier).get(0)).append(") AS \"g_").append(stratifier)
				.append("\", ");
			STRATUM_COLUMNS.get(stratifier).forEach(column -> sql.append(column).append(", "));
		}
		sql.append(String.join(", ", measure.figures().stream()
			.map(figure -> FIGURES.get(figure) + " AS " + figure).toList()));
		List<String> sets = new ArrayList<>();
		if (withTotals) {
			sets.add("()");
		}
		stratifiers.forEach(stratifier -> sets.add("(" + String.join(", ", STRATUM_COLUMNS.get(stratifier)) + ")"));
		return sql.append(" FROM pop GROUP BY GROUPING SETS (").append(String.join(", ", sets)).append(")").toString();
	}

	/**
	 * One aggregate query, in a transaction of its own that gives it room: its hash tables fit in
	 * memory instead of spilling to disk, and it is too short for just-in-time compilation to pay.
	 */
	private void aggregate(String sql, List<String> stratifiers, Figures figures, LocalDate start, LocalDate end,
			Set<String> patients) {
		database.execute("SET LOCAL work_mem = '64MB'");
		database.execute("SET LOCAL jit = off");
		database.query(sql, rows -> {
			String stratifier = stratifiers.stream()
				.filter(name -> uncheckedInt(rows, "g_" + name) == 0)
				.findFirst().orElse(null);
			Map<String, Number> values = values(rows);
			Stratum stratum = stratifier == null ? null
					: new Stratum(stratumValue(stratifier, STRATUM_COLUMNS.get(stratifier), rows), values);
			synchronized (figures) {
				if (stratifier == null) {
					figures.total.putAll(values);
				}
				else {
					figures.strata.computeIfAbsent(stratifier, name -> new ArrayList<>()).add(stratum);
				}
			}
		}, parameters(start, end, patients));
	}

	/** The ids of the records in each figure's population, for a subject-list report. */
	Map<String, List<String>> members(MeasureDefinition measure, LocalDate start, LocalDate end, Set<String> patients) {
		boolean goals = "Goal".equals(measure.basis());
		Map<String, Predicate<ResultSet>> tests = goals ? Map.of("goals", row -> true, "achieved", row -> bool(row, "achieved"))
				: Map.of("referred", row -> true, "active", row -> status(row, "active"),
						"completed", row -> status(row, "completed"), "revoked", row -> status(row, "revoked"),
						"units_authorized_n", row -> present(row, "units_authorized"),
						"units_used_n", row -> present(row, "units_used"), "started", row -> present(row, "days"));
		Map<String, List<String>> members = new LinkedHashMap<>();
		tests.keySet().forEach(figure -> members.put(figure, new ArrayList<>()));
		database.query("SELECT * FROM (" + population(goals, patients) + ") pop ORDER BY id", rows -> {
			String id = rows.getString("id");
			tests.forEach((figure, test) -> {
				if (test.test(rows)) {
					members.get(figure).add(id);
				}
			});
		}, parameters(start, end, patients));
		return members;
	}

	private static String population(boolean goals, Set<String> patients) {
		String query = goals ? GOALS : REFERRALS;
		String patient = goals ? "p.patient_id" : "r.patient_id";
		if (patients != null) {
			query += " AND " + patient + " = ANY (string_to_array(?, ','))";
		}
		return goals ? query + " ORDER BY g.goal_id, p.period_end DESC" : query;
	}

	private static Object[] parameters(LocalDate start, LocalDate end, Set<String> patients) {
		return patients == null ? new Object[] { Date.valueOf(start), Date.valueOf(end) }
				: new Object[] { Date.valueOf(start), Date.valueOf(end), String.join(",", patients) };
	}

	private static Map<String, Number> values(ResultSet rows) throws SQLException {
		Map<String, Number> values = new LinkedHashMap<>();
		var meta = rows.getMetaData();
		for (int column = 1; column <= meta.getColumnCount(); column++) {
			String name = meta.getColumnLabel(column);
			Object value = rows.getObject(column);
			if (value instanceof Number number && !name.startsWith("g_")) {
				values.put(name, number);
			}
		}
		return values;
	}

	private static StratumValue stratumValue(String stratifier, List<String> columns, ResultSet rows) throws SQLException {
		return switch (stratifier) {
			case "service", "performer-type" -> new StratumValue(rows.getString(columns.get(0)), rows.getString(columns.get(1)));
			case "specialty" -> {
				String code = rows.getString("specialty_code");
				yield new StratumValue(code == null ? null : FactRows.SPECIALTY_SYSTEM, code);
			}
			case "month" -> {
				Date month = rows.getDate("month");
				yield new StratumValue(null, month == null ? null : month.toLocalDate().toString().substring(0, 7));
			}
			default -> new StratumValue(null, rows.getString(columns.get(0)));
		};
	}

	private static int uncheckedInt(ResultSet rows, String column) {
		try {
			return rows.getInt(column);
		}
		catch (SQLException failed) {
			throw new IllegalStateException(failed);
		}
	}

	private static boolean status(ResultSet row, String status) {
		try {
			return status.equals(row.getString("status"));
		}
		catch (SQLException failed) {
			throw new IllegalStateException(failed);
		}
	}

	private static boolean present(ResultSet row, String column) {
		try {
			return row.getObject(column) != null;
		}
		catch (SQLException failed) {
			throw new IllegalStateException(failed);
		}
	}

	private static boolean bool(ResultSet row, String column) {
		try {
			return row.getBoolean(column);
		}
		catch (SQLException failed) {
			throw new IllegalStateException(failed);
		}
	}

	/** The totals, and each stratifier's strata. */
	static final class Figures {

		final Map<String, Number> total = new LinkedHashMap<>();

		final Map<String, List<Stratum>> strata = new LinkedHashMap<>();

	}

	/** @param value what the stratum's records share; a null code stands for "not stated" */
	record Stratum(StratumValue value, Map<String, Number> figures) {
	}

	/** A coding (system and code) or, for payer and month, a text in {@code code} with no system. */
	record StratumValue(String system, String code) {
	}

}
