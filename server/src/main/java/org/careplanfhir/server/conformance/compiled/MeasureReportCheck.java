package org.careplanfhir.server.conformance.compiled;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupPopulationComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupStratifierComponent;

/**
 * A MeasureReport held to the Measure it reports on, as the HL7 validator holds it: every group,
 * population and stratifier of the report names one of the Measure's by code, none twice, none of
 * the Measure's left out, and the score has the shape the Measure's scoring asks for. The checks ask
 * more than the validator's rules do (a code on every part, exactly the Measure's codings, a score on
 * every group, a summary or individual report, a ratio or continuous-variable Measure), so that what
 * passes here passes there; anything else (a subject list, a data collection, a Measure the server
 * does not hold, a unit the Measure fixes) goes to the reference validator.
 */
final class MeasureReportCheck {

	/** The canonical these checks resolve themselves, to a Measure held here, or hand the report over. */
	static final String MEASURE_PATH = "MeasureReport.measure";

	private static final String MEASURE_POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

	private static final String UNIT_EXTENSION = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";

	/**
	 * The scorings of the Measures the server evaluates, whose scores the validator asks only to have a
	 * value (the others, proportion's 0..1 and cohort's lack of score, are left to it).
	 */
	private static final Set<String> SCORED = Set.of("ratio", "continuous-variable");

	private final Function<String, Measure> measures;

	/** @param measures the Measure with a canonical URL, as the server's validation support finds it, or null */
	MeasureReportCheck(Function<String, Measure> measures) {
		this.measures = measures;
	}

	/** Empty when the report agrees with its Measure; else why the reference validator must judge it. */
	Optional<String> reasonToAskTheReference(MeasureReport report) {
		String url = report.getMeasure();
		if (url == null || url.startsWith("#") || url.contains("|")) {
			return Optional.of("MeasureReport.measure is absent, contained or versioned");
		}
		if (report.getType() != MeasureReport.MeasureReportType.SUMMARY
				&& report.getType() != MeasureReport.MeasureReportType.INDIVIDUAL) {
			return Optional.of("a MeasureReport of type " + report.getType());
		}
		Measure measure = measures.apply(url);
		if (measure == null) {
			return Optional.of("the Measure " + url + " is not held here");
		}
		if (measure.hasExtension(UNIT_EXTENSION)) {
			return Optional.of("the Measure fixes its score's unit");
		}
		// The Measure is the validation support's cached instance, shared with the HL7 validator: it is
		// only read here, never through a getter that would add an empty element to it.
		String scoring = measure.hasScoring() && measure.getScoring().hasCoding()
				? measure.getScoring().getCoding().get(0).getCode() : null;
		if (scoring == null || !SCORED.contains(scoring)) {
			return Optional.of("the Measure's scoring " + scoring + " is not one these checks know");
		}
		List<Measure.MeasureGroupComponent> groups = measure.hasGroup() ? measure.getGroup() : List.of();
		if (report.getGroup().size() != groups.size()) {
			return Optional.of("the report has " + report.getGroup().size() + " groups, the Measure " + groups.size());
		}
		Set<Object> matched = Collections.newSetFromMap(new IdentityHashMap<>());
		for (MeasureReportGroupComponent group : report.getGroup()) {
			Optional<Measure.MeasureGroupComponent> definition = onlyMatch(group.hasCode() ? group.getCode() : null, groups,
					defined -> defined.hasCode() ? defined.getCode() : null);
			if (definition.isEmpty() || !matched.add(definition.get())) {
				return Optional.of("a report group does not name exactly one group of the Measure, once");
			}
			Optional<String> why = populations(group, definition.get());
			if (why.isEmpty()) {
				why = score(group, scoring);
			}
			if (why.isEmpty()) {
				why = stratifiers(group, definition.get());
			}
			if (why.isPresent()) {
				return why;
			}
		}
		return Optional.empty();
	}

	private static Optional<String> populations(MeasureReportGroupComponent group, Measure.MeasureGroupComponent definition) {
		Set<Object> matched = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Measure.MeasureGroupPopulationComponent> populations = definition.hasPopulation() ? definition.getPopulation() : List.of();
		for (MeasureReportGroupPopulationComponent population : group.getPopulation()) {
			Optional<Measure.MeasureGroupPopulationComponent> defined = onlyMatch(population.hasCode() ? population.getCode() : null, populations,
					part -> part.hasCode() ? part.getCode() : null);
			if (defined.isEmpty() || !matched.add(defined.get())) {
				return Optional.of("a report population does not name exactly one population of its group, once");
			}
			if (population.hasSubjectResults() || !population.hasCount()) {
				return Optional.of("a report population lists its subjects or has no count");
			}
		}
		for (Measure.MeasureGroupPopulationComponent defined : populations) {
			boolean observation = defined.hasCode() && defined.getCode().getCoding().stream()
				.anyMatch(coding -> MEASURE_POPULATION.equals(coding.getSystem()) && "measure-observation".equals(coding.getCode()));
			if (!observation && !matched.contains(defined)) {
				return Optional.of("a population of the Measure's group is missing from the report");
			}
		}
		return Optional.empty();
	}

	private static Optional<String> score(MeasureReportGroupComponent group, String scoring) {
		if (!group.hasMeasureScore() || !group.getMeasureScore().hasValue()) {
			return Optional.of("a " + scoring + " report group without a score value");
		}
		return Optional.empty();
	}

	private static Optional<String> stratifiers(MeasureReportGroupComponent group, Measure.MeasureGroupComponent definition) {
		List<Measure.MeasureGroupStratifierComponent> stratifiers = definition.hasStratifier() ? definition.getStratifier() : List.of();
		Set<Object> matched = Collections.newSetFromMap(new IdentityHashMap<>());
		for (MeasureReportGroupStratifierComponent stratifier : group.getStratifier()) {
			if (stratifier.getCode().size() != 1) {
				return Optional.of("a report stratifier without exactly one code");
			}
			Optional<Measure.MeasureGroupStratifierComponent> defined = onlyMatch(stratifier.getCode().get(0), stratifiers,
					part -> part.hasCode() ? part.getCode() : null);
			if (defined.isEmpty() || !matched.add(defined.get())) {
				return Optional.of("a report stratifier does not name exactly one stratifier of its group, once");
			}
		}
		if (matched.size() != stratifiers.size()) {
			return Optional.of("a stratifier of the Measure's group is missing from the report");
		}
		return Optional.empty();
	}

	/**
	 * The one definition whose code shares a coding with the report's, when the report's codings are
	 * exactly that definition's (system and code) and no other definition shares any.
	 */
	private static <T> Optional<T> onlyMatch(CodeableConcept code, List<T> definitions, Function<T, CodeableConcept> codeOf) {
		Set<String> reported = keys(code);
		if (reported.isEmpty()) {
			return Optional.empty();
		}
		T found = null;
		for (T definition : definitions) {
			Set<String> defined = keys(codeOf.apply(definition));
			if (defined.stream().anyMatch(reported::contains)) {
				if (found != null || !defined.equals(reported)) {
					return Optional.empty();
				}
				found = definition;
			}
		}
		return Optional.ofNullable(found);
	}

	/** system|code of each coding; empty when a coding lacks either, so that such a code never matches. */
	private static Set<String> keys(CodeableConcept code) {
		Set<String> keys = new HashSet<>();
		if (code == null || !code.hasCoding()) {
			return keys;
		}
		for (Coding coding : code.getCoding()) {
			if (!coding.hasSystem() || !coding.hasCode()) {
				return Set.of();
			}
			keys.add(coding.getSystem() + "|" + coding.getCode());
		}
		return keys;
	}

}
