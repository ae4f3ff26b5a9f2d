package org.careplanfhir.server.utilization;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupPopulationComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupStratifierComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupPopulationComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

import org.careplanfhir.server.utilization.MeasureDefinition.GroupDefinition;
import org.careplanfhir.server.utilization.MeasureDefinition.Population;
import org.careplanfhir.server.utilization.MeasureDefinition.Score;
import org.careplanfhir.server.utilization.MeasureQueries.Figures;
import org.careplanfhir.server.utilization.MeasureQueries.Stratum;
import org.careplanfhir.server.utilization.MeasureQueries.StratumValue;

/**
 * Turns a Measure's figures into a MeasureReport a generic reader understands: the Measure's groups
 * in its order, each population with its standard or {@code cm-measure} code and count, the score,
 * and one stratifier per stratifier code with a stratum per value. A subject-list report also holds,
 * contained, a List of the records in each population.
 */
final class ReportWriter {

	static final String REPORT_PAYER = "http://careplan-fhir.org/fhir/StructureDefinition/cm-report-payer";

	static final String ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

	static final String AGGREGATE_METHOD = "http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method";

	private static final String ABSENT_EXTENSION = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

	private static final String UCUM = "http://unitsofmeasure.org";

	private ReportWriter() {
	}

	static MeasureReport write(MeasureDefinition measure, Evaluation evaluation, Figures figures,
			Map<String, List<String>> members) {
		MeasureReport report = new MeasureReport();
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(switch (evaluation.reportType()) {
			case POPULATION -> MeasureReport.MeasureReportType.SUMMARY;
			case SUBJECT_LIST -> MeasureReport.MeasureReportType.SUBJECTLIST;
			case SUBJECT -> MeasureReport.MeasureReportType.INDIVIDUAL;
		});
		report.setMeasure(evaluation.measureUrl());
		report.setDate(new Date());
		report.setPeriod(new Period().setStartElement(new DateTimeType(evaluation.start().toString()))
			.setEndElement(new DateTimeType(evaluation.end().toString())));
		if (evaluation.subject() != null) {
			report.setSubject(new Reference(evaluation.subject()));
		}
		if (evaluation.reporter() != null) {
			report.setReporter(new Reference(evaluation.reporter()));
		}
		if (evaluation.payer() != null) {
			report.addExtension(REPORT_PAYER, new Reference(evaluation.payer()));
		}
		int list = 0;
		for (GroupDefinition definition : measure.groups()) {
			MeasureReportGroupComponent group = report.addGroup();
			if (definition.aggregate() != null) {
				group.addExtension(AGGREGATE_METHOD, new CodeType(definition.aggregate()));
			}
			group.setCode(concept(FactRows.MEASURE_CODES, definition.code(), null));
			for (Population population : definition.populations()) {
				MeasureReportGroupPopulationComponent counted = group.addPopulation()
					.setCode(concept(population.system(), population.code(), null))
					.setCount(count(figures.total, population.figure()));
				if (members != null && members.containsKey(population.figure())) {
					String id = "list-" + (++list);
					report.addContained(subjects(id, measure.basis(), members.get(population.figure())));
					counted.setSubjectResults(new Reference("#" + id));
				}
			}
			setScore(definition, figures.total, group::setMeasureScore);
			for (String stratifier : measure.stratifiers()) {
				MeasureReportGroupStratifierComponent stratified = group.addStratifier();
				stratified.addCode(concept(FactRows.MEASURE_CODES, stratifier, null));
				for (Stratum stratum : figures.strata.getOrDefault(stratifier, List.of())) {
					StratifierGroupComponent part = stratified.addStratum().setValue(value(stratum.value()));
					for (Population population : definition.populations()) {
						part.addPopulation(new StratifierGroupPopulationComponent()
							.setCode(concept(population.system(), population.code(), null))
							.setCount(count(stratum.figures(), population.figure())));
					}
					setScore(definition, stratum.figures(), part::setMeasureScore);
				}
			}
		}
		return report;
	}

	private static ListResource subjects(String id, String type, List<String> ids) {
		ListResource list = new ListResource();
		list.setId(id);
		list.setStatus(ListResource.ListStatus.CURRENT);
		list.setMode(ListResource.ListMode.SNAPSHOT);
		ids.forEach(member -> list.addEntry().setItem(new Reference(type + "/" + member)));
		return list;
	}

	/** The score, or one whose value is absent (data-absent-reason not-applicable) when there is none to have. */
	private static void setScore(GroupDefinition definition, Map<String, Number> figures,
			Consumer<Quantity> target) {
		Score score = definition.score().apply(figures);
		Quantity quantity = new Quantity();
		if (score.value() == null) {
			quantity.addExtension(ABSENT_EXTENSION, new CodeType("not-applicable"));
		}
		else {
			quantity.setValue(new BigDecimal(score.value().toString()));
		}
		if (score.unit() != null) {
			quantity.setUnit(score.unit()).setSystem(UCUM).setCode(score.unit());
		}
		target.accept(quantity);
	}

	private static int count(Map<String, Number> figures, String figure) {
		Number value = figures.get(figure);
		return value == null ? 0 : value.intValue();
	}

	/** A coded stratum as its coding; payer and month as text; a missing value as data-absent-reason#unknown. */
	private static CodeableConcept value(StratumValue value) {
		if (value.code() == null) {
			return concept(ABSENT, "unknown", "Unknown");
		}
		if (value.system() == null) {
			return new CodeableConcept().setText(value.code());
		}
		return concept(value.system(), value.code(), null);
	}

	private static CodeableConcept concept(String system, String code, String display) {
		return new CodeableConcept(new Coding(system, code, display));
	}

}
