package org.careplanfhir.server.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.careplanfhir.server.FhirServerTest;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import static org.careplanfhir.server.conformance.CaseManagementExamples.example;
import static org.careplanfhir.server.conformance.CaseManagementExamples.json;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * US Core ships with the server (6.1.0 and 7.0.0) and its claims are checked. Its own dependencies
 * (VSAC, THO) do not: a code bound to a value set the server cannot expand is stored with a warning
 * that says what could not be checked, while a wrong code from terminology the server holds is still
 * an error.
 */
class UsCoreIntegrationTests extends FhirServerTest {

	private static final String US_CORE_PATIENT = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";

	private static final String CM_PATIENT = "http://careplan-fhir.org/fhir/StructureDefinition/cm-patient";

	@Test
	void bothUsCoreVersionsAreInstalled() {
		fhir().get("/StructureDefinition?url=" + US_CORE_PATIENT + "&_elements=version")
			.then()
			.statusCode(200)
			.body("entry.resource.version", containsInAnyOrder("6.1.0", "7.0.0"));
		fhir().get("/StructureDefinition?url=" + US_CORE_PATIENT + "&version=6.1.0").then().body("total", equalTo(1));
	}

	@Test
	void theCapabilityStatementNamesTheProfilesClaimsAreCheckedAgainst() {
		fhir().get("/metadata")
			.then()
			.statusCode(200)
			.body("rest[0].resource.find { it.type == 'Patient' }.supportedProfile",
					hasItem(US_CORE_PATIENT))
			.body("rest[0].resource.find { it.type == 'Patient' }.supportedProfile", hasItem(CM_PATIENT))
			.body("rest[0].resource.find { it.type == 'CarePlan' }.supportedProfile",
					hasItem("http://careplan-fhir.org/fhir/StructureDefinition/nurse-cm-careplan"))
			.body("rest[0].resource.find { it.type == 'CarePlan' }.supportedProfile",
					hasItem("http://hl7.org/fhir/us/core/StructureDefinition/us-core-careplan"))
			.body("rest[0].resource.find { it.type == 'Patient' }.supportedProfile",
					not(hasItem("http://hl7.org/fhir/us/core/StructureDefinition/us-core-careplan")));
	}

	@Test
	void aUsCorePatientWhoseRaceCodesComeFromVsacIsStoredAndTheAnswerSaysWhatWasNotChecked() throws IOException {
		String patient = testData("synthea-style-patient.json").replace("abc-123", unique("synthea"));
		fhir().header("Prefer", "return=OperationOutcome")
			.body(patient)
			.post("/Patient")
			.then()
			.statusCode(201)
			.body("issue.findAll { it.severity == 'warning' }.diagnostics", hasItem(allOf(
					containsString("OMB Race Categories"), containsString("Not checked"),
					containsString("http://cts.nlm.nih.gov/fhir/ValueSet/"))))
			.body("issue.severity", not(hasItem("error")));
	}

	@Test
	void aUsCoreClaimIsCheckedAgainstUsCore() throws IOException {
		// US Core's race extension needs its text; without it the patient breaks the profile it claims.
		String withoutRaceText = testData("synthea-style-patient.json")
			.replace(",{\"url\":\"text\",\"valueString\":\"White\"}", "");
		fhir().body(withoutRaceText)
			.post("/Patient")
			.then()
			.statusCode(422)
			.body("issue[0].diagnostics", allOf(containsString(US_CORE_PATIENT),
					containsString("Extension.extension:text"), containsString("us-core-race")));
	}

	// US Core binds the language to a value set filtered over BCP 47, which HAPI fails to check in
	// memory (an exception inside a lookup that joins the write's transaction): the write must
	// neither fail nor be rolled back for it.
	@Test
	void aPatientWhoseLanguageHapiCannotCheckIsStoredAloneAndInATransaction() throws IOException {
		String withLanguage = testData("synthea-style-patient.json").replace("\"birthDate\":\"1961-04-03\"",
				"\"birthDate\":\"1961-04-03\",\"communication\":[{\"language\":{\"coding\":[{\"system\":"
						+ "\"urn:ietf:bcp:47\",\"code\":\"en-US\",\"display\":\"English (United States)\"}]}}]");
		String alone = withLanguage.replace("abc-123", unique("language-alone"));
		String id = fhir().body(alone).post("/Patient").then().statusCode(201).extract().path("id");
		fhir().get("/Patient/" + id).then().statusCode(200).body("communication[0].language.coding[0].code", equalTo("en-US"));

		String identifier = unique("language-in-transaction");
		String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
				+ withLanguage.replace("abc-123", identifier) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";
		fhir().body(transaction).post("/").then().statusCode(200).body("entry[0].response.status", startsWith("201"));
		fhir().get("/Patient?identifier=https://github.com/synthetichealth/synthea|" + identifier)
			.then()
			.body("total", equalTo(1));
	}

	@Test
	void aResourceClaimingOurProfileAndUsCoreIsCheckedAgainstBoth() {
		Patient patient = example("rehab-patient");
		patient.setId((String) null);
		patient.getMeta().addProfile(US_CORE_PATIENT);
		patient.setGender(null); // both profiles need it: each says so
		fhir().body(json(patient))
			.post("/Patient")
			.then()
			.statusCode(422)
			.body("issue[0].diagnostics", allOf(containsString("2 errors"),
					containsString("Patient.gender: minimum required = 1, but only found 0 (from " + CM_PATIENT),
					containsString("Patient.gender: minimum required = 1, but only found 0 (from " + US_CORE_PATIENT)));
	}

	@Test
	void aWrongCodeFromTerminologyTheServerHoldsIsStillAnError() {
		EpisodeOfCare episode = example("nurse-case");
		episode.setId((String) null);
		episode.getExtensionByUrl("http://careplan-fhir.org/fhir/StructureDefinition/cm-acuity")
			.setValue(new CodeableConcept(new Coding("http://careplan-fhir.org/fhir/CodeSystem/cm-acuity", "extreme", null)));
		fhir().body(json(episode))
			.post("/EpisodeOfCare")
			.then()
			.statusCode(422)
			.body("issue[0].diagnostics", allOf(containsString("extreme"), not(containsString("Not checked"))));
	}

	private static String testData(String name) throws IOException {
		try (InputStream in = UsCoreIntegrationTests.class.getResourceAsStream("/us-core/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
