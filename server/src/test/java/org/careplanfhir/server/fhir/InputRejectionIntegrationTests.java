package org.careplanfhir.server.fhir;

import io.restassured.response.ValidatableResponse;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * A client's mistake gets a 4xx with an OperationOutcome that says what is wrong and where, and
 * nothing is stored. Never a 500, never a stack trace.
 */
class InputRejectionIntegrationTests extends FhirServerTest {

	private ValidatableResponse assertRejected(ValidatableResponse response, int status, String diagnosticFragment) {
		return response.statusCode(status)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].severity", equalTo("error"))
			.body("issue[0].diagnostics", containsString(diagnosticFragment))
			.body(not(containsString("at ca.uhn")))
			.body(not(containsString("Exception:")));
	}

	private void postRejected(String type, String body, String diagnosticFragment) {
		long before = storedCount(type);
		assertRejected(fhir().body(body).post("/" + type).then(), 400, diagnosticFragment);
		assertThat(storedCount(type)).as("stored %s resources", type).isEqualTo(before);
	}

	@Test
	void malformedJsonIsRejected() {
		postRejected("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Broken\"", "not valid JSON");
	}

	@Test
	void malformedXmlIsRejected() {
		long before = storedCount("Patient");
		assertRejected(fhir().contentType("application/fhir+xml")
			.body("<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"X\"></name></Patient>")
			.post("/Patient")
			.then(), 400, "not well-formed XML");
		assertThat(storedCount("Patient")).isEqualTo(before);
	}

	@Test
	void unknownCodeForARequiredBindingIsRejectedWithItsElement() {
		postRejected("Goal", """
				{"resourceType":"Goal","lifecycleStatus":"almost-done","description":{"text":"Walk"},
				 "subject":{"reference":"Patient/1"}}""", "lifecycleStatus");
	}

	@Test
	void wrongDatatypeIsRejected() {
		postRejected("Patient", "{\"resourceType\":\"Patient\",\"active\":\"yes\"}", "active");
		postRejected("Patient", "{\"resourceType\":\"Patient\",\"birthDate\":\"02/04/1960\"}", "birthDate");
	}

	@Test
	void unknownElementIsRejected() {
		postRejected("Patient", "{\"resourceType\":\"Patient\",\"favouriteColour\":\"blue\"}", "favouriteColour");
	}

	@Test
	void bodyOfAnotherTypeIsRejected() {
		postRejected("Goal", "{\"resourceType\":\"Patient\",\"gender\":\"male\"}", "Patient");
	}

	@Test
	void unknownSearchParameterIsRejected() {
		assertRejected(fhir().get("/CarePlan?colour=blue").then(), 400, "colour");
	}

	@Test
	void malformedSearchValueIsRejected() {
		assertRejected(fhir().get("/Goal?start-date=yesterday").then(), 400, "yesterday");
	}

	@Test
	void unknownResourceTypeIsRejected() {
		assertRejected(fhir().get("/CasePlan").then(), 404, "CasePlan");
		assertRejected(fhir().body("{\"resourceType\":\"CasePlan\"}").post("/CasePlan").then(), 404, "CasePlan");
	}

	@Test
	void unknownResourceIdIsNotFound() {
		assertRejected(fhir().get("/Patient/no-such-patient").then(), 404, "no-such-patient");
	}

	@Test
	void updateWithMismatchedIdIsRejected() {
		String id = create("Patient", "{\"resourceType\":\"Patient\",\"gender\":\"female\"}");
		assertRejected(fhir().body("{\"resourceType\":\"Patient\",\"id\":\"other\",\"gender\":\"male\"}")
			.put("/Patient/" + id)
			.then(), 400, "other");
		fhir().get("/Patient/" + id).then().body("gender", equalTo("female"));
	}

	@Test
	void emptyBodyMissingResourceTypeAndWrongContentTypeAreRejected() {
		postRejected("Patient", "", "Failed to parse");
		postRejected("Patient", "{\"gender\":\"male\"}", "resourceType");
		long before = storedCount("Patient");
		assertRejected(fhir().contentType("text/plain").body("Ana Rivera").post("/Patient").then(), 400,
				"Content-Type");
		assertThat(storedCount("Patient")).isEqualTo(before);
	}

	@Test
	void invalidSearchControlsAreRejected() {
		assertRejected(fhir().get("/Patient?_count=many").then(), 400, "many");
		assertRejected(fhir().get("/Patient?_sort=colour").then(), 400, "colour");
		assertRejected(fhir().get("/CarePlan?subject.colour=blue").then(), 400, "subject.colour");
		assertRejected(fhir().get("/CarePlan?_include=CarePlan:colour").then(), 400, "CarePlan:colour");
	}

	@Test
	void deletingAReferencedResourceIsRefusedAndKeepsIt() {
		String patient = create("Patient", "{\"resourceType\":\"Patient\"}");
		create("Goal", """
				{"resourceType":"Goal","lifecycleStatus":"active","description":{"text":"Walk"},
				 "subject":{"reference":"Patient/%s"}}""".formatted(patient));

		assertRejected(fhir().delete("/Patient/" + patient).then(), 409, "Patient/" + patient);

		fhir().get("/Patient/" + patient).then().statusCode(200);
	}

	@Test
	void patchOfAMissingPathIsRejectedAndChangesNothing() {
		String patient = create("Patient", "{\"resourceType\":\"Patient\",\"gender\":\"female\"}");

		assertRejected(fhir().contentType("application/json-patch+json")
			.body("[{\"op\":\"replace\",\"path\":\"/address/0/city\",\"value\":\"Leeds\"}]")
			.patch("/Patient/" + patient)
			.then(), 400, "path");

		fhir().get("/Patient/" + patient).then().body("meta.versionId", equalTo("1"));
	}

}
