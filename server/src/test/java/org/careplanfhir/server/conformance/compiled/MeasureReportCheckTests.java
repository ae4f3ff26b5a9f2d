package org.careplanfhir.server.conformance.compiled;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Measure a report is held to is the validation support's cached instance, which the HL7
 * validator reads too: the check must take a conforming report and never change the Measure, not
 * even by adding the empty elements HAPI's getters create.
 */
class MeasureReportCheckTests {

	private static final String URL = "http://example.org/fhir/Measure/visits";

	private static final String CODES = "http://example.org/fhir/CodeSystem/measure-parts";

	@Test
	void aReportThatNamesEveryPartOfItsMeasureIsTaken() {
		Measure measure = measure();
		assertThat(new MeasureReportCheck(url -> URL.equals(url) ? measure : null).reasonToAskTheReference(report()))
			.isEmpty();
	}

	@Test
	void theMeasureIsOnlyRead() {
		// HAPI's getters add the element they are asked for when it is absent; these Measures refuse that.
		Measure sparse = new Measure() {

			@Override
			public CodeableConcept getScoring() {
				assertThat(hasScoring()).as("getScoring() on a Measure without one adds it").isTrue();
				return super.getScoring();
			}

		};
		sparse.setUrl(URL);
		assertThat(new MeasureReportCheck(url -> sparse).reasonToAskTheReference(report())).isPresent();

		Measure partsWithoutCodes = measure();
		Measure.MeasureGroupComponent uncoded = new Measure.MeasureGroupComponent() {

			@Override
			public CodeableConcept getCode() {
				assertThat(hasCode()).as("getCode() on a group without one adds it").isTrue();
				return super.getCode();
			}

		};
		partsWithoutCodes.getGroup().set(0, uncoded);
		assertThat(new MeasureReportCheck(url -> partsWithoutCodes).reasonToAskTheReference(report())).isPresent();
	}

	@Test
	void aReportMissingAStratifierOfItsMeasureGoesToTheReference() {
		MeasureReport report = report();
		report.getGroupFirstRep().getStratifier().clear();
		assertThat(new MeasureReportCheck(url -> measure()).reasonToAskTheReference(report)).isPresent();
	}

	private static Measure measure() {
		Measure measure = new Measure().setUrl(URL);
		measure.setScoring(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/measure-scoring",
				"continuous-variable", null)));
		Measure.MeasureGroupComponent group = measure.addGroup().setCode(code("visits"));
		group.addPopulation().setCode(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/measure-population", "initial-population", null)));
		group.addStratifier().setCode(code("by-month"));
		return measure;
	}

	private static MeasureReport report() {
		MeasureReport report = new MeasureReport().setMeasure(URL).setType(MeasureReport.MeasureReportType.SUMMARY);
		MeasureReport.MeasureReportGroupComponent group = report.addGroup().setCode(code("visits"));
		group.addPopulation().setCode(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/measure-population", "initial-population", null))).setCount(4);
		group.setMeasureScore(new Quantity(4));
		group.addStratifier().addCode(code("by-month"));
		return report;
	}

	private static CodeableConcept code(String code) {
		return new CodeableConcept(new Coding(CODES, code, null));
	}

}
