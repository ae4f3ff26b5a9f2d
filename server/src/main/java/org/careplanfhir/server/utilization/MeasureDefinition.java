package org.careplanfhir.server.utilization;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One Measure this server computes, as the engine sees it: the summary table it counts, the
 * figures its query adds up, and how the report's groups, populations and scores are made of them.
 * The Measure resources in the package describe the same in FHIR's terms.
 *
 * @param url the Measure's canonical URL, by which a stored Measure is recognised
 * @param basis the resource type the populations count (ServiceRequest or Goal)
 * @param stratifiers the stratifier codes of every group, in the Measure's order
 * @param groups the report's groups, in the Measure's order
 */
record MeasureDefinition(String url, String basis, List<String> stratifiers, List<GroupDefinition> groups) {

	static final String POPULATIONS = "http://terminology.hl7.org/CodeSystem/measure-population";

	/**
	 * @param code the group's code in {@code cm-measure}
	 * @param populations each population's code (system and code) and the figure that counts it
	 * @param aggregate how a continuous variable's observations make its score ({@code cm-measure}
	 * aggregate code), or null for a ratio
	 * @param score the group's score from its figures
	 * @param scoreFigures the figures the score needs besides the populations' counts
	 */
	record GroupDefinition(String code, List<Population> populations, String aggregate,
			Function<Map<String, Number>, Score> score, List<String> scoreFigures) {
	}

	/** Every figure the measure's report needs: what its query must compute, and nothing more. */
	Set<String> figures() {
		Set<String> figures = new LinkedHashSet<>();
		for (GroupDefinition group : groups) {
			group.populations().forEach(population -> figures.add(population.figure()));
			figures.addAll(group.scoreFigures());
		}
		return figures;
	}

	/** @param system {@link #POPULATIONS} or {@code cm-measure} */
	record Population(String system, String code, String figure) {

		static Population standard(String code, String figure) {
			return new Population(POPULATIONS, code, figure);
		}

		static Population ours(String code, String figure) {
			return new Population(FactRows.MEASURE_CODES, code, figure);
		}

	}

	/**
	 * A group's or stratum's score: a ratio, a count or sum (UCUM {@code 1}) or a number of days. A
	 * null value is a score that cannot be had: a ratio of nothing, a percentile of no observation.
	 */
	record Score(Number value, String unit) {

		static final String RATIO = null;

		static final String COUNT = "1";

		static final String DAYS = "d";

	}

}
