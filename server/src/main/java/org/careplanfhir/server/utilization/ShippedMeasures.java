package org.careplanfhir.server.utilization;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.careplanfhir.server.utilization.MeasureDefinition.GroupDefinition;
import org.careplanfhir.server.utilization.MeasureDefinition.Population;
import org.careplanfhir.server.utilization.MeasureDefinition.Score;

import static org.careplanfhir.server.utilization.MeasureDefinition.Population.ours;
import static org.careplanfhir.server.utilization.MeasureDefinition.Population.standard;

/**
 * The Measures of the package {@code careplan.fhir.cm} this server computes, by canonical URL. A
 * stored Measure with any other URL is one the server cannot compute.
 */
final class ShippedMeasures {

	static final String BASE = "http://careplan-fhir.org/fhir/Measure/";

	static final List<String> REFERRAL_STRATIFIERS = List.of("service", "specialty", "payer", "month", "performer-type");

	static final List<String> GOAL_STRATIFIERS = List.of("specialty", "payer", "month");

	private static final MeasureDefinition VOLUME = new MeasureDefinition(BASE + "cm-referral-volume", "ServiceRequest",
			REFERRAL_STRATIFIERS,
			List.of(new GroupDefinition("referral-volume", List.of(standard("initial-population", "referred"),
					standard("measure-population", "referred"), standard("measure-observation", "referred"),
					ours("active", "active"), ours("completed", "completed"), ours("revoked", "revoked")), "sum",
					figures -> new Score(figures.get("referred"), Score.COUNT), List.of()),
					units("units-authorized", "units_authorized"), units("units-used", "units_used")));

	private static final MeasureDefinition COMPLETION = new MeasureDefinition(BASE + "cm-referral-completion-rate",
			"ServiceRequest", REFERRAL_STRATIFIERS,
			List.of(ratio("referral-completion", "referred", "completed")));

	private static final MeasureDefinition TIME_TO_SERVICE = new MeasureDefinition(BASE + "cm-referral-time-to-service",
			"ServiceRequest", REFERRAL_STRATIFIERS,
			List.of(days("days-to-first-service-median", "days_median", "median"),
					days("days-to-first-service-p90", "days_p90", "p90")));

	private static final MeasureDefinition GOALS = new MeasureDefinition(BASE + "cm-goals-achieved", "Goal",
			GOAL_STRATIFIERS, List.of(ratio("goals-achieved", "goals", "achieved")));

	private static final Map<String, MeasureDefinition> BY_URL = Map.of(VOLUME.url(), VOLUME, COMPLETION.url(), COMPLETION,
			TIME_TO_SERVICE.url(), TIME_TO_SERVICE, GOALS.url(), GOALS);

	private ShippedMeasures() {
	}

	static Optional<MeasureDefinition> byUrl(String url) {
		if (url == null) {
			return Optional.empty();
		}
		int version = url.indexOf('|');
		return Optional.ofNullable(BY_URL.get(version < 0 ? url : url.substring(0, version)));
	}

	static Collection<MeasureDefinition> all() {
		return BY_URL.values();
	}

	/** A sum of units over the referrals that state them: a continuous-variable group scored by its sum. */
	private static GroupDefinition units(String code, String column) {
		return new GroupDefinition(code, List.of(standard("initial-population", "referred"),
				standard("measure-population", column + "_n"), standard("measure-observation", column + "_n")), "sum",
				figures -> new Score(figures.get(column + "_sum") == null ? 0 : figures.get(column + "_sum"), Score.COUNT),
				List.of(column + "_sum"));
	}

	private static GroupDefinition ratio(String code, String denominator, String numerator) {
		Function<Map<String, Number>, Score> score = figures -> {
			long below = figures.get(denominator).longValue();
			return new Score(below == 0 ? null
					: BigDecimal.valueOf(figures.get(numerator).longValue()).divide(BigDecimal.valueOf(below), 4,
							RoundingMode.HALF_UP), Score.RATIO);
		};
		return new GroupDefinition(code, List.of(standard("initial-population", denominator),
				standard("denominator", denominator), standard("numerator", numerator)), null, score, List.of());
	}

	private static GroupDefinition days(String code, String figure, String aggregate) {
		List<Population> populations = List.of(standard("initial-population", "referred"),
				standard("measure-population", "started"), standard("measure-observation", "started"));
		return new GroupDefinition(code, populations, aggregate, figures -> new Score(figures.get(figure), Score.DAYS),
				List.of(figure));
	}

}
