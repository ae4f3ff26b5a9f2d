package org.careplanfhir.profiles;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PackageContentTests {

	private final CaseManagementPackage pkg = CaseManagementPackage.get();

	/** US Core: the care plans' category slice uses its careplan-category code system. */
	@Test
	void manifestNamesThePackageAndDependsOnR4CoreAndUsCore() {
		assertThat(pkg.npm().name()).isEqualTo("careplan.fhir.cm");
		assertThat(pkg.npm().fhirVersion()).isEqualTo("4.0.1");
		assertThat(pkg.npm().canonical()).isEqualTo("http://careplan-fhir.org/fhir");
		assertThat(pkg.npm().dependencies()).containsExactly("hl7.fhir.r4.core#4.0.1", "hl7.fhir.us.core#7.0.0");
		assertThat(pkg.fileName()).isEqualTo("careplan.fhir.cm-" + pkg.npm().version() + ".tgz");
	}

	@Test
	void shipsEveryProfileExtensionValueSetCodeSystemAndSearchParameterTheDesignNames() {
		assertThat(urls("StructureDefinition")).contains(
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-case",
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-careplan",
				"http://careplan-fhir.org/fhir/StructureDefinition/nurse-cm-careplan",
				"http://careplan-fhir.org/fhir/StructureDefinition/medical-cm-careplan",
				"http://careplan-fhir.org/fhir/StructureDefinition/rehab-cm-careplan",
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-careteam",
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-goal",
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-servicerequest",
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-therapy-referral",
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-referral-task",
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-acuity",
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-aggregate-method",
				"http://careplan-fhir.org/fhir/StructureDefinition/cm-report-payer");
		assertThat(urls("SearchParameter")).containsExactlyInAnyOrder(
				"http://careplan-fhir.org/fhir/SearchParameter/cm-case-specialty",
				"http://careplan-fhir.org/fhir/SearchParameter/cm-case-acuity",
				"http://careplan-fhir.org/fhir/SearchParameter/cm-episode",
				"http://careplan-fhir.org/fhir/SearchParameter/cm-pertains-to-goal",
				"http://careplan-fhir.org/fhir/SearchParameter/cm-careteam-participant-role",
				"http://careplan-fhir.org/fhir/SearchParameter/cm-task-output",
				"http://careplan-fhir.org/fhir/SearchParameter/cm-provenance-patient",
				"http://careplan-fhir.org/fhir/SearchParameter/cm-servicerequest-insurance",
				"http://careplan-fhir.org/fhir/SearchParameter/cm-measurereport-payer");
		assertThat(urls("CodeSystem")).contains("http://careplan-fhir.org/fhir/CodeSystem/cm-specialty",
				"http://careplan-fhir.org/fhir/CodeSystem/cm-measure", "http://careplan-fhir.org/fhir/CodeSystem/cm-audit");
		assertThat(urls("ValueSet")).contains("http://careplan-fhir.org/fhir/ValueSet/cm-case-manager-role",
				"http://careplan-fhir.org/fhir/ValueSet/cm-measure-stratifier",
				"http://careplan-fhir.org/fhir/ValueSet/cm-measure-aggregate",
				"http://careplan-fhir.org/fhir/ValueSet/cm-task-output-type");
	}

	/** The server evaluates these measures by id and matches groups, populations and stratifiers by code. */
	@Test
	void shipsTheUtilizationMeasuresWithTheGroupsAndStratifiersTheServerComputes() {
		assertThat(urls("Measure")).containsExactlyInAnyOrder(
				"http://careplan-fhir.org/fhir/Measure/cm-referral-volume",
				"http://careplan-fhir.org/fhir/Measure/cm-referral-completion-rate",
				"http://careplan-fhir.org/fhir/Measure/cm-referral-time-to-service",
				"http://careplan-fhir.org/fhir/Measure/cm-goals-achieved");
		Map<String, Measure> measures = of(Measure.class).stream()
			.collect(Collectors.toMap(m -> m.getIdElement().getIdPart(), m -> m));
		assertThat(groupCodes(measures.get("cm-referral-volume"))).containsExactly("referral-volume",
				"units-authorized", "units-used");
		assertThat(groupCodes(measures.get("cm-referral-completion-rate"))).containsExactly("referral-completion");
		assertThat(groupCodes(measures.get("cm-referral-time-to-service")))
			.containsExactly("days-to-first-service-median", "days-to-first-service-p90");
		assertThat(groupCodes(measures.get("cm-goals-achieved"))).containsExactly("goals-achieved");
		for (String id : List.of("cm-referral-volume", "cm-referral-completion-rate", "cm-referral-time-to-service")) {
			assertThat(measures.get(id).getGroup()).as(id)
				.allSatisfy(group -> assertThat(stratifierCodes(group)).containsExactly("service", "specialty",
						"payer", "month", "performer-type"));
		}
		assertThat(stratifierCodes(measures.get("cm-goals-achieved").getGroupFirstRep())).containsExactly("specialty",
				"payer", "month");
		assertThat(measures.values()).allSatisfy(measure -> assertThat(measure.getGroup())
			.allSatisfy(group -> assertThat(group.getPopulation()).allSatisfy(population -> {
				assertThat(population.getCriteria().getLanguage()).isNotBlank();
				assertThat(population.getCriteria().getExpression()).isNotBlank();
				assertThat(population.getCriteria().getDescription()).isNotBlank();
			})));
	}

	private static List<String> groupCodes(Measure measure) {
		return measure.getGroup().stream().map(group -> cmMeasureCode(group.getCode())).toList();
	}

	private static List<String> stratifierCodes(Measure.MeasureGroupComponent group) {
		return group.getStratifier().stream().map(stratifier -> cmMeasureCode(stratifier.getCode())).toList();
	}

	private static String cmMeasureCode(CodeableConcept concept) {
		return concept.getCoding()
			.stream()
			.filter(coding -> coding.getSystem().equals("http://careplan-fhir.org/fhir/CodeSystem/cm-measure"))
			.map(coding -> coding.getCode())
			.findFirst()
			.orElse(null);
	}

	@Test
	void everyStructureDefinitionCarriesASnapshotCoveringItsDifferential() {
		List<StructureDefinition> structures = of(StructureDefinition.class);
		assertThat(structures).hasSizeGreaterThanOrEqualTo(13);
		for (StructureDefinition sd : structures) {
			assertThat(sd.getSnapshot().getElement()).as(sd.getUrl()).isNotEmpty();
			Set<String> snapshotIds = sd.getSnapshot()
				.getElement()
				.stream()
				.map(e -> e.getId())
				.collect(Collectors.toSet());
			assertThat(snapshotIds).as(sd.getUrl())
				.containsAll(sd.getDifferential().getElement().stream().map(e -> e.getId()).toList());
		}
	}

	@Test
	void keepsInvalidTwinsOutOfThePackage() {
		assertThat(pkg.examples()).extracting(r -> r.getIdElement().getIdPart())
			.hasSizeGreaterThan(30)
			.noneMatch(id -> id.startsWith("invalid-"));
		assertThat(InvalidExamples.all()).isNotEmpty();
	}

	/** The case-manager invariants list codes instead of calling memberOf(); they must stay in step with the value set. */
	@Test
	void caseManagerInvariantsListExactlyTheCaseManagerRoleValueSet() {
		ValueSet roles = of(ValueSet.class).stream()
			.filter(vs -> vs.getUrl().endsWith("/cm-case-manager-role"))
			.findFirst()
			.orElseThrow();
		List<String> codes = roles.getCompose()
			.getInclude()
			.stream()
			.flatMap(include -> include.getConcept().stream())
			.map(c -> c.getCode())
			.toList();
		StructureDefinition careTeam = of(StructureDefinition.class).stream()
			.filter(sd -> sd.getUrl().endsWith("/cm-careteam"))
			.findFirst()
			.orElseThrow();
		List<String> expressions = careTeam.getSnapshot()
			.getElementFirstRep()
			.getConstraint()
			.stream()
			.filter(c -> c.getKey().startsWith("cm-careteam-"))
			.map(c -> c.getExpression())
			.toList();
		assertThat(expressions).hasSize(2)
			.allSatisfy(expression -> assertThat(quotedCodes(expression)).containsExactlyInAnyOrderElementsOf(codes));
	}

	private static List<String> quotedCodes(String fhirPath) {
		return Pattern.compile("'([0-9A-Z-]+)'").matcher(fhirPath).results().map(m -> m.group(1)).toList();
	}

	private Set<String> urls(String type) {
		return pkg.conformanceResources()
			.stream()
			.filter(r -> r.fhirType().equals(type))
			.map(r -> ((org.hl7.fhir.r4.model.MetadataResource) r).getUrl())
			.collect(Collectors.toSet());
	}

	private <T extends Resource> List<T> of(Class<T> type) {
		return pkg.conformanceResources().stream().filter(type::isInstance).map(type::cast).toList();
	}
}
