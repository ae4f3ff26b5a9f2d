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
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Measure's figures, in one aggregate query over the summary tables: the totals and every
 * stratifier's strata at once ({@code GROUPING SETS}), each a map from a figure's name to its value.
 * Only a subject-list report reads the counted records one by one, and then only their ids.
 */
class MeasureQueries {

	/** The referrals a referral measure counts, with what it stratifies them by. */
	private static final String REFERRALS = """
			SELECT r.referral_id AS id, r.status, r.units_authorized, r.units_used,
				(r.first_service - r.authored) AS days,
				r.service_system, r.service_code, r.service_display,
				c.specialty_code, c.specialty_display, v.payer, to_char(r.authored, 'YYYY-MM') AS month,
				r.performer_type_system, r.performer_type_code, r.performer_type_display
			FROM cp_referral_fact r
			LEFT JOIN cp_case_fact c ON c.episode_id = r.episode_id
			LEFT JOIN cp_coverage_fact v ON v.coverage_id = r.coverage_id
			WHERE r.authored BETWEEN ? AND ? AND r.status NOT IN ('draft', 'entered-in-error')""";

	private static final String REFERRAL_FIGURES = """
			count(*) AS referred, count(*) FILTER (WHERE status = 'active') AS active,
			count(*) FILTER (WHERE status = 'completed') AS completed,
			count(*) FILTER (WHERE status = 'revoked') AS revoked,
			count(units_authorized) AS units_authorized_n, sum(units_authorized) AS units_authorized_sum,
			count(units_used) AS units_used_n, sum(units_used) AS units_used_sum, count(days) AS started""";

	private static final String DAYS_FIGURES = """
			, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS days_median,
			percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS days_p90""";

	/**
	 * The goals the goal measure counts: each goal once, with the latest-ending plan of the period
	 * that lists it, achieved when its achievement was reached by that plan's end.
	 */
	private static final String GOALS = """
			SELECT DISTINCT ON (g.goal_id) g.goal_id AS id,
				(g.achievement IN ('achieved', 'sustaining') AND (g.status_date IS NULL OR g.status_date <= p.period_end))
					AS achieved,
				c.specialty_code, c.specialty_display,
				(SELECT min(v.payer) FROM cp_coverage_fact v WHERE v.beneficiary_id = p.patient_id AND v.active) AS payer,
				to_char(p.period_end, 'YYYY-MM') AS month
			FROM cp_plan_goal_fact p
			JOIN cp_goal_fact g ON g.goal_id = p.goal_id
			LEFT JOIN cp_case_fact c ON c.episode_id = p.episode_id
			WHERE p.period_end BETWEEN ? AND ? AND p.plan_status NOT IN ('draft', 'entered-in-error')
				AND g.lifecycle NOT IN ('proposed', 'cancelled', 'rejected', 'entered-in-error')""";

	private static final String GOAL_FIGURES = "count(*) AS goals, count(*) FILTER (WHERE achieved) AS achieved";

	/** Each stratifier's columns: the stratum's system (or null), code and display. */
	private static final Map<String, List<String>> STRATUM_COLUMNS = Map.of(
			"service", List.of("service_system", "service_code", "service_display"),
			"specialty", List.of("specialty_code", "specialty_display"),
			"payer", List.of("payer"),
			"month", List.of("month"),
			"performer-type", List.of("performer_type_system", "performer_type_code", "performer_type_display"));

	private final JdbcTemplate database;

	MeasureQueries(JdbcTemplate database) {
		this.database = database;
	}

	/**
	 * @param patients the patients whose records count, or null for everyone's
	 */
	Figures figures(MeasureDefinition measure, LocalDate start, LocalDate end, Set<String> patients) {
		boolean goals = "Goal".equals(measure.basis());
		String population = population(goals, patients);
		List<String> stratifiers = measure.stratifiers();
		StringBuilder sql = new StringBuilder("WITH pop AS (").append(population).append(") SELECT ");
		for (String stratifier : stratifiers) {
			sql.append("GROUPING(").append(STRATUM_COLUMNS.get(stratifier).get(0)).append(") AS \"g_").append(stratifier)
				.append("\", ");
			STRATUM_COLUMNS.get(stratifier).forEach(column -> sql.append(column).append(", "));
		}
		sql.append(goals ? GOAL_FIGURES : REFERRAL_FIGURES);
		if (measure.groups().stream().anyMatch(group -> group.code().startsWith("days-"))) {
			sql.append(DAYS_FIGURES);
		}
		sql.append(" FROM pop GROUP BY GROUPING SETS (()");
		stratifiers.forEach(stratifier -> sql.append(", (").append(String.join(", ", STRATUM_COLUMNS.get(stratifier))).append(")"));
		sql.append(")");

		Figures figures = new Figures();
		database.query(sql.toString(), rows -> {
			String stratifier = stratifiers.stream()
				.filter(name -> uncheckedInt(rows, "g_" + name) == 0)
				.findFirst().orElse(null);
			Map<String, Number> values = values(rows);
			if (stratifier == null) {
				figures.total.putAll(values);
			}
			else {
				List<String> columns = STRATUM_COLUMNS.get(stratifier);
				figures.strata.computeIfAbsent(stratifier, name -> new ArrayList<>())
					.add(new Stratum(stratumValue(stratifier, columns, rows), values));
			}
		}, parameters(start, end, patients));
		if (figures.total.isEmpty()) {
			figures.total.putAll(zeroes(goals));
		}
		return figures;
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

	private static Map<String, Number> zeroes(boolean goals) {
		return goals ? Map.of("goals", 0L, "achieved", 0L)
				: Map.of("referred", 0L, "active", 0L, "completed", 0L, "revoked", 0L, "units_authorized_n", 0L,
						"units_used_n", 0L, "started", 0L);
	}

	private static StratumValue stratumValue(String stratifier, List<String> columns, ResultSet rows) throws SQLException {
		return switch (stratifier) {
			case "service", "performer-type" -> new StratumValue(rows.getString(columns.get(0)), rows.getString(columns.get(1)),
					rows.getString(columns.get(2)));
			case "specialty" -> {
				String code = rows.getString("specialty_code");
				yield new StratumValue(code == null ? null : FactRows.SPECIALTY_SYSTEM, code, rows.getString("specialty_display"));
			}
			default -> new StratumValue(null, rows.getString(columns.get(0)), null);
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

	/** A coding (system, code, display) or, for payer and month, a text in {@code code}. */
	record StratumValue(String system, String code, String display) {
	}

}
