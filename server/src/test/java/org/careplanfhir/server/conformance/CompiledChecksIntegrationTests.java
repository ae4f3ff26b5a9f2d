package org.careplanfhir.server.conformance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.careplanfhir.bench.population.PopulationGenerator;
import org.careplanfhir.server.FhirServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Goal;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The compiled checks in the write path: a conforming transaction is stored without the HL7
 * validator, one invalid entry still gets the HL7 validator's 422 with its location, and nothing of
 * the transaction is stored.
 */
class CompiledChecksIntegrationTests extends FhirServerTest {

	private static final Pattern CHECKS = Pattern
		.compile("careplan_validation_checks_total\\{[^}]*by=\"(compiled|hl7-validator)\"[^}]*} ([0-9.E]+)");

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
