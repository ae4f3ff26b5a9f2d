package org.careplanfhir.profiles;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each invalid twin breaks one rule of a profile; the validator must name that rule, where it is broken. */
class InvalidExampleTests {

	/** Invalid twin id → the FHIRPath location and a fragment of the message the validator must report. */
	private static final Map<String, Expected> EXPECTED = Map.of(
			"invalid-nurse-careteam-without-case-manager", new Expected("CareTeam", "cm-careteam-1"),
			"invalid-nurse-careplan-without-specialty", new Expected("CarePlan", "CarePlan.category:specialty"),
			"invalid-medical-goal-without-due-date", new Expected("Goal.target[0]", "Goal.target.due[x]"),
			"invalid-rehab-referral-without-performer-type", new Expected("ServiceRequest", "ServiceRequest.performerType"),
			"invalid-rehab-careplan-with-activity-detail", new Expected("CarePlan.activity[0]", "CarePlan.activity.detail"),
			"invalid-payer-referral-task-without-focus", new Expected("Task", "Task.focus"),
			"invalid-payer-measurereport-unknown-aggregate",
			new Expected("MeasureReport.group[1].extension[0].value.ofType(code)", "cm-measure-aggregate"));

	record Expected(String location, String messageFragment) {
	}

	static Stream<Arguments> invalidExamples() {
		return InvalidExamples.all().stream().map(r -> Arguments.of(r.getIdElement().getIdPart(), r));
	}

	/** SNOMED CT and LOINC are not loaded; a code outside our enumerated value set must still fail. */
	@Test
	void codeOfAnUnloadedCodeSystemOutsideTheBoundValueSetIsAnError() {
		CareTeam team = (CareTeam) CaseManagementPackage.get()
			.examples()
			.stream()
			.filter(r -> r.getIdElement().getIdPart().equals("nurse-careteam"))
			.findFirst()
			.orElseThrow()
			.copy();
		team.getCategoryFirstRep().getCodingFirstRep().setCode("LA99999-9");

		assertThat(PackageValidator.errors(team)).anySatisfy(error -> {
			assertThat(error.getLocation()).isEqualTo("CareTeam.category[0]");
			assertThat(error.getMessage()).contains("cm-careteam-category");
		});
	}

	@Test
	void everyInvalidTwinHasAnExpectation() {
		assertThat(InvalidExamples.all()).extracting(r -> r.getIdElement().getIdPart())
			.containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidExamples")
	void everyInvalidTwinFailsWithTheIssueItWasMadeFor(String id, Resource twin) {
		Expected expected = EXPECTED.get(id);
		List<ValidationMessage> errors = PackageValidator.errors(twin);
		assertThat(errors).as("errors for %s", id)
			.anySatisfy(error -> {
				assertThat(error.getLocation()).isEqualTo(expected.location());
				assertThat(error.getMessage()).contains(expected.messageFragment());
			});
	}
}
