package org.careplanfhir.server.security;

import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.careplanfhir.server.AdminApi.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Access is decided by the policies the capabilities contribute, and fails closed: an operation no
 * capability declares a policy for ({@code $expunge} here) needs a {@code system/} scope with every
 * permission, whatever else the token may do.
 */
class AccessPolicyIntegrationTests extends FhirServerTest {

	private static final String EXPUNGE_DELETED = "{\"resourceType\":\"Parameters\",\"parameter\":["
			+ "{\"name\":\"expungeDeletedResources\",\"valueBoolean\":true},"
			+ "{\"name\":\"expungePreviousVersions\",\"valueBoolean\":true}]}";

	@Test
	void anOperationWithoutAPolicyIsRefusedToAPatientToken() {
		CaseloadFixture data = CaseloadFixture.create(FhirServerTest::fhir, AdminApi::admin);
		String patientToken = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser launch/patient patient/*.cruds", data.patientUser, CaseloadFixture.PASSWORD, null)
			.getString("access_token");
		String ownPlan = data.planA;
		fhir().delete("/CarePlan/" + ownPlan).then().statusCode(200);

		as(patientToken).body(EXPUNGE_DELETED)
			.post("/CarePlan/" + ownPlan + "/$expunge")
			.then()
			.statusCode(403)
			.body("resourceType", equalTo("OperationOutcome"))
			.body(containsString("no capability declares narrower access"));
		// Nothing was expunged: the deleted plan's versions are all still there.
		fhir().get("/CarePlan/" + ownPlan + "/_history").then().statusCode(200).body("total", equalTo(2));
	}

	@Test
	void anOperationWithoutAPolicyIsRefusedToASystemTokenThatOnlyReadsThatType() {
		String patient = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + unique("Expunge") + "\"}]}");
		fhir().delete("/Patient/" + patient).then().statusCode(200);
		String readOnly = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET,
				"system/Patient.rs").value();

		as(readOnly).body(EXPUNGE_DELETED)
			.post("/Patient/" + patient + "/$expunge")
			.then()
			.statusCode(403)
			.header("WWW-Authenticate", containsString("insufficient_scope"))
			.body(containsString("needs a system/ scope with every permission on Patient"));
		as(readOnly).body(EXPUNGE_DELETED).post("/Patient/$expunge").then().statusCode(403);
		fhir().get("/Patient/" + patient + "/_history").then().statusCode(200).body("total", equalTo(2));
	}

	@Test
	void operationsWithAPolicyFollowIt() {
		String readOnly = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET,
				"system/Patient.rs").value();
		// Terminology's policy: a look-up needs read access to the type it runs on.
		as(readOnly).get("/CodeSystem/$lookup?system=http://hl7.org/fhir/administrative-gender&code=male")
			.then()
			.statusCode(403)
			.body(containsString("'r' on CodeSystem"));
		// Conformance's policy: $validate needs the permission to write the type.
		as(readOnly).body("{\"resourceType\":\"Patient\"}").post("/Patient/$validate").then().statusCode(403)
			.body(containsString("'c' or 'u' on Patient"));
		// Bulk's policy: export is for backend services, and this one may read Patient.
		as(readOnly).header("Prefer", "respond-async").get("/Patient/$export?_type=Patient").then().statusCode(202);
	}

	private RequestSpecification as(String token) {
		return given().auth().oauth2(token).contentType(FHIR_JSON).accept(FHIR_JSON);
	}

}
