package org.careplanfhir.server.conformance;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import org.careplanfhir.bench.population.PopulationGenerator;
import org.careplanfhir.server.FhirServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Goal;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The compiled checks in the write path: a conforming transaction is stored without the HL7
 * validator, one invalid entry still gets the HL7 validator's 422 with its location, and nothing of
 * the transaction is stored. Looking up terminology in the middle of a transaction leaves what the
 * transaction stored whole.
 */
class CompiledChecksIntegrationTests extends FhirServerTest {

	private static final Pattern CHECKS = Pattern
		.compile("careplan_validation_checks_total\\{[^}]*by=\"(compiled|hl7-validator)\"[^}]*} ([0-9.E]+)");

	@Autowired
	private WriteValidator writeValidator;

	@Autowired
	private IValidationSupport validationSupport;

	@Autowired
	private ITermDeferredStorageSvc deferredTerminology;

	@Test
	void aConformingTransactionIsJudgedByTheCompiledChecks() {
		PopulationGenerator population = new PopulationGenerator(3030, 1, 1, 1);
		fhir().body(CaseManagementExamples.json(population.shared())).post("/").then().statusCode(200);
		Bundle patient = population.patient(1);
		double before = checks("compiled");
		fhir().body(CaseManagementExamples.json(patient)).post("/").then().statusCode(200);
		assertThat(checks("compiled") - before).as("writes accepted by the compiled checks")
			.isGreaterThanOrEqualTo(patient.getEntry().size());
	}

	@Test
	void aTransactionWhoseEntriesFindTheirPatientByIdentifierIsJudgedByTheCompiledChecks() {
		String patientId = fhir().body("""
				{"resourceType": "Patient", "identifier": [{"system": "urn:example:mrn", "value": "conditional-3033"}],
				 "name": [{"family": "Okafor"}]}""").post("/Patient").then().statusCode(201).extract().path("id");
		String byIdentifier = "Patient?identifier=urn:example:mrn|conditional-3033";
		double compiledBefore = checks("compiled");
		double referenceBefore = checks("hl7-validator");
		String goalLocation = fhir().body("""
				{"resourceType": "Bundle", "type": "transaction", "entry": [
				  {"fullUrl": "urn:uuid:0b6a3f52-8c1e-4d57-a0f3-3033a0000001",
				   "resource": {"resourceType": "Goal", "lifecycleStatus": "active",
				                "description": {"text": "Climb one flight of stairs"}, "subject": {"reference": "%1$s"}},
				   "request": {"method": "POST", "url": "Goal"}},
				  {"resource": {"resourceType": "CarePlan", "status": "active", "intent": "plan", "subject": {"reference": "%1$s"},
				                "goal": [{"reference": "urn:uuid:0b6a3f52-8c1e-4d57-a0f3-3033a0000001"}]},
				   "request": {"method": "POST", "url": "CarePlan"}}]}""".formatted(byIdentifier))
			.post("/").then().statusCode(200).extract().path("entry[0].response.location");
		assertThat(checks("compiled") - compiledBefore).as("entries accepted by the compiled checks").isEqualTo(2);
		assertThat(checks("hl7-validator")).as("entries sent to the HL7 validator").isEqualTo(referenceBefore);
		fhir().get("/" + goalLocation).then().statusCode(200).body("subject.reference", equalTo("Patient/" + patientId));
	}

	@Test
	void aReferenceNamingItsTypeIsJudgedByTheCompiledChecksAndAWrongTypeGetsTheHl7ValidatorsError() {
		String patientId = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Typed3034\"}]}");
		double compiledBefore = checks("compiled");
		double referenceBefore = checks("hl7-validator");
		fhir().body(goalOf(patientId, "Patient")).post("/Goal").then().statusCode(201);
		assertThat(checks("compiled") - compiledBefore).as("writes accepted by the compiled checks").isEqualTo(1);
		assertThat(checks("hl7-validator")).as("writes sent to the HL7 validator").isEqualTo(referenceBefore);

		fhir().body(goalOf(patientId, "Device")).post("/Goal").then().statusCode(422)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue.expression.flatten()", hasItem(containsString("Goal.subject")));
		fhir().get("/Goal?subject=Patient/" + patientId + "&_summary=count").then().statusCode(200)
			.body("total", equalTo(1));
	}

	private static String goalOf(String patientId, String type) {
		return "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"Typed\"},"
				+ "\"subject\":{\"reference\":\"Patient/" + patientId + "\",\"type\":\"" + type + "\"}}";
	}

	@Test
	void anInvalidEntryGetsTheHl7ValidatorsErrorAndTheTransactionIsNotStored() {
		PopulationGenerator population = new PopulationGenerator(3031, 1, 0, 0);
		fhir().body(CaseManagementExamples.json(population.shared())).post("/").then().statusCode(200);
		Bundle patient = population.patient(1);
		Goal goal = patient.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
			.filter(Goal.class::isInstance).map(Goal.class::cast).findFirst().orElseThrow();
		goal.setDescription(null);
		double before = checks("hl7-validator");
		fhir().body(CaseManagementExamples.json(patient)).post("/").then().statusCode(422)
			.body("issue[0].diagnostics", containsString("Goal.description: minimum required = 1, but only found 0"));
		assertThat(checks("hl7-validator")).isGreaterThan(before);
		String patientId = patient.getEntry().get(0).getResource().getIdElement().getIdPart();
		fhir().get("/Patient/" + patientId).then().statusCode(404);
	}

	@Test
	void terminologyLookedUpInTheMiddleOfATransactionLeavesEveryStoredResourceWithTheHistoryOfItsVersion() {
		PopulationGenerator population = new PopulationGenerator(3032, 1, 0, 0);
		fhir().body(CaseManagementExamples.json(population.shared())).post("/").then().statusCode(200);
		// The case-management code systems in HAPI's terminology tables, as they are a while after start-up,
		// and every binding looked up again in the middle of the write: HAPI's expansion of a value set over
		// those tables flushes and clears the persistence context it runs in.
		deferredTerminology.saveAllDeferred();
		validationSupport.invalidateCaches();
		writeValidator.forgetCompiledTerminology();
		Bundle patient = population.patient(1);
		fhir().body(CaseManagementExamples.json(patient)).post("/").then().statusCode(200);
		assertThat(database.queryForObject("select count(*) from hfj_resource where fhir_id like 's3032-%'", Integer.class))
			.isGreaterThanOrEqualTo(patient.getEntry().size());
		// Everything this shared server has stored so far, by every test before this one too.
		List<Map<String, Object>> withoutHistory = database.queryForList("""
				select r.res_type, r.fhir_id, r.res_ver from hfj_resource r
				where not exists (select 1 from hfj_res_ver v where v.res_id = r.res_id and v.res_ver = r.res_ver)""");
		assertThat(withoutHistory).as("resources whose current version has no history row").isEmpty();
	}

	private static double checks(String by) {
		String metrics = given().basePath("").get("/actuator/prometheus").then().statusCode(200).extract().asString();
		Matcher matcher = CHECKS.matcher(metrics);
		while (matcher.find()) {
			if (matcher.group(1).equals(by)) {
				return Double.parseDouble(matcher.group(2));
			}
		}
		return 0;
	}

}
