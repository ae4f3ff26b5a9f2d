package org.careplanfhir.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures scenarios report, kept for the standard suite to write as JSON and Markdown: one
 * row per scenario and server, with its measures (throughput, latency percentiles, failures).
 */
final class Results {

	private static final List<Row> ROWS = new ArrayList<>();

	private Results() {
	}

	/** Records measures given as name, value, name, value, ... in the order they should be shown. */
	static synchronized void record(String scenario, String server, Object... measures) {
		Map<String, Double> named = new LinkedHashMap<>();
		for (int i = 0; i < measures.length; i += 2) {
			named.put((String) measures[i], ((Number) measures[i + 1]).doubleValue());
		}
		ROWS.add(new Row(scenario, server, named));
	}

	/** Everything recorded since the last call. */
	static synchronized List<Row> take() {
		List<Row> rows = List.copyOf(ROWS);
		ROWS.clear();
		return rows;
	}

	static String json(Map<String, String> run, List<Row> rows) {
		StringBuilder json = new StringBuilder("{\n  \"run\": {");
		List<String> fields = new ArrayList<>();
		run.forEach((key, value) -> fields.add(quote(key) + ": " + quote(value)));
		json.append(String.join(", ", fields)).append("},\n  \"results\": [\n");
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			List<String> measures = new ArrayList<>();
			row.measures().forEach((key, value) -> measures.add(quote(key) + ": " + number(value)));
			json.append("    {\"scenario\": ").append(quote(row.scenario())).append(", \"server\": ")
				.append(quote(row.server())).append(", ").append(String.join(", ", measures)).append('}')
				.append(i < rows.size() - 1 ? ",\n" : "\n");
		}
		return json.append("  ]\n}\n").toString();
	}

	static String markdown(List<Row> rows) {
		StringBuilder table = new StringBuilder("| scenario | server | measures |\n|---|---|---|\n");
		for (Row row : rows) {
			List<String> measures = new ArrayList<>();
			row.measures().forEach((key, value) -> measures.add(key + " " + number(value)));
			table.append("| ").append(row.scenario()).append(" | ").append(row.server()).append(" | ")
				.append(String.join(", ", measures)).append(" |\n");
		}
		return table.toString();
	}

	private static String number(double value) {
		return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
	}

	private static String quote(String text) {
		return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	record Row(String scenario, String server, Map<String, Double> measures) {
	}

}
