package org.careplanfhir.server.conformance;

import java.util.List;

import org.careplanfhir.server.FhirServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.conformance.CaseManagementExamples.example;
import static org.careplanfhir.server.conformance.CaseManagementExamples.json;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Strict mode, the default: writes are validated against claimed and implied profiles. */
class ProfileValidationIntegrationTests extends FhirServerTest {

	@BeforeEach
	void storeTheExampleScenarios() {
		CaseManagementExamples.storeAllOnce(fhir());
	}

	@Test
	void everyExampleScenarioIsAcceptedInOneTransaction() {
		fhir().body(json(CaseManagementExamples.allExamplesAsTransaction()))
			.post("/")
			.then()
			.statusCode(200)
			.body("entry", hasSize(CaseManagementExamples.count()))
			.body("entry.response.status", everyItem(startsWith("20")));
	}

	@Test
	void careTeamWithoutACaseManagerIsRejectedNamingTheInvariant() {
		CareTeam team = withoutId(example("nurse-careteam"));
		team.getParticipant().remove(0); // the nurse case manager
		long before = storedCount("CareTeam");

		fhir().body(json(team))
			.post("/CareTeam")
			.then()
			.statusCode(422)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue.find { it.code == 'processing' }.expression", equalTo(List.of("CareTeam")))
			.body("issue.diagnostics", hasItem(containsString("cm-careteam-1")));
		assertThat(storedCount("CareTeam")).isEqualTo(before);
	}

	@Test
	void specialtyCarePlanIsValidatedAgainstItsSpecialtyProfileWithoutClaimingIt() {
		CarePlan plan = withoutId(example("nurse-careplan"));
		plan.getMeta().getProfile().clear();
		plan.getCategory().removeIf(category -> category.hasCoding("http://snomed.info/sct", "773130005"));

		fhir().body(json(plan))
			.post("/CarePlan")
			.then()
			.statusCode(422)
			.body("issue[0].diagnostics", containsString("nurse-cm-careplan"))
			.body("issue.diagnostics", hasItem(containsString("CarePlan.category:planType")));
	}

	@Test
	void episodeWithASpecialtyIsValidatedAsACase() {
		EpisodeOfCare episode = withoutId(example("nurse-case"));
		episode.getMeta().getProfile().clear();
		episode.setCareManager(null);

		fhir().body(json(episode))
			.post("/EpisodeOfCare")
			.then()
			.statusCode(422)
			.body("issue.diagnostics", hasItem(containsString("EpisodeOfCare.careManager")));
	}

	@Test
	void everyErrorIsListedWithItsLocation() {
		Goal goal = withoutId(example("nurse-goal-visits"));
		goal.getTarget().clear(); // target 1..* with a due date
		goal.getCategory().clear(); // horizon slice 1..1
		goal.setAchievementStatus(null); // cm-goal-1: an active goal says how it is going

		fhir().body(json(goal))
			.post("/Goal")
			.then()
			.statusCode(422)
			.body("issue.findAll { it.code == 'processing' }.size()", greaterThanOrEqualTo(3))
			.body("issue.findAll { it.code == 'processing' }.expression.flatten()", everyItem(startsWith("Goal")))
			.body("issue.diagnostics", hasItem(containsString("Goal.target")))
			.body("issue.diagnostics", hasItem(containsString("Goal.category:horizon")))
			.body("issue.diagnostics", hasItem(containsString("cm-goal-1")));
	}

	@Test
	void aMeasureReportThatDisagreesWithItsMeasureIsRefusedAtTheGroupAndNothingIsStored() {
		MeasureReport report = withoutId(example("payer-referral-volume-report"));
		report.getGroupFirstRep().getCode().getCodingFirstRep().setCode("no-such-group");
		report.getIdentifierFirstRep().setSystem("urn:test").setValue("wrong-group-" + System.nanoTime());

		fhir().body(json(report))
			.post("/MeasureReport")
			.then()
			.statusCode(422)
			.body("issue.find { it.code == 'processing' && it.diagnostics.contains('no-such-group') }.expression",
					equalTo(List.of("MeasureReport.group[0]")));
		fhir().get("/MeasureReport?identifier=urn:test|" + report.getIdentifierFirstRep().getValue())
			.then()
			.statusCode(200)
			.body("total", equalTo(0));
	}

	@Test
	void aMeasureReportTheHl7ValidatorCannotFinishIsStoredAndTheAnswerSaysWhatWasNotChecked() {
		MeasureReport report = withoutId(example("payer-referral-volume-report"));
		// R4 allows several codes on a stratifier; the core validator stops at the second one.
		report.getGroupFirstRep().getStratifierFirstRep().addCode(new CodeableConcept().setText("and by payer"));
		report.getIdentifierFirstRep().setSystem("urn:test").setValue("two-codes-" + System.nanoTime());

		fhir().header("Prefer", "return=OperationOutcome")
			.body(json(report))
			.post("/MeasureReport")
			.then()
			.statusCode(201)
			.body("issue.findAll { it.severity == 'warning' }.diagnostics",
					hasItem(allOf(containsString("could not finish"), containsString("Not checked"))))
			.body("issue.severity", not(hasItem("error")));
		fhir().get("/MeasureReport?identifier=urn:test|" + report.getIdentifierFirstRep().getValue())
			.then()
			.statusCode(200)
			.body("total", equalTo(1))
			.body("entry[0].resource.group[0].stratifier[0].code", hasSize(2));
	}

	@Test
	void codeOfAnUnloadedCodeSystemMustStillBeInTheBoundValueSet() {
		CareTeam team = withoutId(example("nurse-careteam"));
		team.getCategoryFirstRep().getCodingFirstRep().setCode("LA99999-9");

		fhir().body(json(team))
			.post("/CareTeam")
			.then()
			.statusCode(422)
			.body("issue.find { it.code == 'processing' && it.diagnostics.contains('cm-careteam-category') }.expression",
					equalTo(List.of("CareTeam.category[0]")));
	}

	@Test
	void patchThatBreaksTheProfileIsRejectedAndTheStoredVersionStays() {
		Goal goal = withoutId(example("nurse-goal-visits"));
		String id = create("Goal", json(goal));
		String patch = "[{\"op\":\"remove\",\"path\":\"/target\"}]";

		fhir().contentType("application/json-patch+json").body(patch).patch("/Goal/" + id).then().statusCode(422);

		fhir().get("/Goal/" + id).then().statusCode(200).body("meta.versionId", equalTo("1")).body("target", hasSize(1));
	}

	@Test
	void transactionWithOneInvalidEntryStoresNothing() {
		Goal goal = withoutId(example("nurse-goal-hba1c"));
		goal.getIdentifierFirstRep().setSystem("urn:test").setValue(unique("goal"));
		CareTeam invalidTeam = withoutId(example("nurse-careteam"));
		invalidTeam.getParticipant().remove(0);
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(goal).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Goal");
		transaction.addEntry().setResource(invalidTeam).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("CareTeam");
		long goalsBefore = storedCount("Goal");
		long teamsBefore = storedCount("CareTeam");

		fhir().body(json(transaction))
			.post("/")
			.then()
			.statusCode(422)
			.body("issue.diagnostics", hasItem(containsString("cm-careteam-1")));

		assertThat(storedCount("Goal")).isEqualTo(goalsBefore);
		assertThat(storedCount("CareTeam")).isEqualTo(teamsBefore);
		fhir().get("/Goal?identifier=urn:test|" + goal.getIdentifierFirstRep().getValue()).then().body("total", equalTo(0));
	}

	@Test
	void batchRejectsOnlyTheInvalidEntry() {
		Goal goal = withoutId(example("nurse-goal-hba1c"));
		CareTeam invalidTeam = withoutId(example("nurse-careteam"));
		invalidTeam.getParticipant().remove(0);
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(goal).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Goal");
		batch.addEntry().setResource(invalidTeam).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("CareTeam");

		fhir().body(json(batch))
			.post("/")
			.then()
			.statusCode(200)
			.body("entry[0].response.status", startsWith("201"))
			.body("entry[1].response.status", startsWith("422"))
			.body("entry[1].response.outcome.issue.diagnostics", hasItem(containsString("cm-careteam-1")));
	}

	@Test
	void validateOperationChecksAGivenProfile() {
		Goal goal = withoutId(example("nurse-goal-visits"));
		goal.getMeta().getProfile().clear();
		goal.getTarget().clear();

		fhir().body(json(goal))
			.post("/Goal/$validate?profile=http://careplan-fhir.org/fhir/StructureDefinition/cm-goal")
			.then()
			.statusCode(200)
			.body("issue.find { it.severity == 'error' }.diagnostics", containsString("Goal.target"));
		fhir().body(json(example("nurse-goal-visits")))
			.post("/Goal/$validate?profile=http://careplan-fhir.org/fhir/StructureDefinition/cm-goal")
			.then()
			.statusCode(200)
			.body("issue.severity", not(hasItem("error")));
	}

	@Test
	void validateOperationAcceptsEveryExampleType() {
		for (String id : List.of("nurse-case", "rehab-careplan", "medical-referral-task", "payer-coverage",
				"rehab-pt-referral", "medical-viral-load")) {
			Resource example = example(id);
			fhir().body(json(example))
				.post("/" + example.fhirType() + "/$validate")
				.then()
				.statusCode(200)
				.body("issue.severity", not(hasItem("error")));
		}
	}

	/** The default policy: stored, checked against what the server knows, and the answer says so. */
	@Test
	void aClaimOfAnUnknownProfileIsStoredWithAWarning() {
		String local = "http://hospital.example.org/fhir/StructureDefinition/local-patient";
		Patient patient = withoutId(example("rehab-patient"));
		patient.getMeta().addProfile(local);

		String id = fhir().header("Prefer", "return=OperationOutcome")
			.body(json(patient))
			.post("/Patient")
			.then()
			.statusCode(201)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue.find { it.severity == 'warning' }.diagnostics", containsString(local))
			.body("issue.find { it.severity == 'warning' }.expression[0]", equalTo("Patient.meta.profile"))
			.extract()
			.header("Location")
			.replaceAll(".*/Patient/([^/]+)/_history/.*", "$1");
		fhir().get("/Patient/" + id).then().statusCode(200).body("meta.profile", hasItem(local));

		// What the server does know is still checked: the same claim on an invalid patient is refused.
		patient.setGender(null);
		patient.getIdentifier().clear();
		patient.getName().clear();
		fhir().body(json(patient)).post("/Patient").then().statusCode(422);
	}

	@Test
	void inATransactionOrBatchTheWarningIsInTheOutcomeOfTheEntryThatWroteTheResource() {
		String local = "http://hospital.example.org/fhir/StructureDefinition/local-patient";
		Patient claiming = withoutId(example("rehab-patient"));
		claiming.getMeta().addProfile(local);
		Patient plain = withoutId(example("rehab-patient"));
		for (String type : List.of("transaction", "batch")) {
			String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":["
					+ "{\"resource\":" + json(plain) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
					+ "{\"resource\":" + json(claiming) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";
			fhir().body(bundle)
				.post("/")
				.then()
				.statusCode(200)
				.body("entry[1].response.status", startsWith("201"))
				.body("entry[1].response.outcome.issue.find { it.severity == 'warning' }.diagnostics", containsString(local))
				.body("entry[0].response.outcome.issue.findAll { it.severity == 'warning' }", empty());
		}
	}

	private static <T extends Resource> T withoutId(T resource) {
		resource.setId((String) null);
		return resource;
	}
}
