package org.careplanfhir.server.security;

import java.util.Map;

import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * What each kind of scope allows: v1 and v2 syntax, read without search and the reverse, granular
 * scopes, types not granted, writes, {@code system/} scopes of a backend service and the
 * {@code user/} scopes of a case manager, whose caseload follows their care teams.
 */
class ScopeSyntaxIntegrationTests extends FhirServerTest {

	private static final String ASSESS_PLAN = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category|assess-plan";

	private static CaseloadFixture data;

	@BeforeEach
	void storeTwoPatientsOnce() {
		if (data == null) {
			data = CaseloadFixture.create(FhirServerTest::fhir,
					AdminApi::admin);
		}
	}

	@Test
	void v1ReadMeansReadAndSearch() {
		String token = patientToken("patient/CarePlan.read");
		as(token).get("/CarePlan/" + data.planA).then().statusCode(200);
		as(token).get("/CarePlan").then().statusCode(200)
			.body("entry.resource.id", containsInAnyOrder(data.planA, data.planAssessA));
	}

	@Test
	void readWithoutSearchAndSearchWithoutRead() {
		String readOnly = patientToken("patient/CarePlan.r");
		as(readOnly).get("/CarePlan/" + data.planA).then().statusCode(200);
		as(readOnly).get("/CarePlan").then().statusCode(403).body("resourceType", equalTo("OperationOutcome"));

		String searchOnly = patientToken("patient/CarePlan.s");
		as(searchOnly).get("/CarePlan").then().statusCode(200);
		as(searchOnly).get("/CarePlan/" + data.planA).then().statusCode(403);
	}

	@Test
	void granularScopeReturnsExactlyTheMatchingSubset() {
		String token = patientToken("patient/CarePlan.rs?category=" + ASSESS_PLAN);
		as(token).get("/CarePlan").then().statusCode(200).body("entry.resource.id", containsInAnyOrder(data.planAssessA));
		as(token).get("/CarePlan/" + data.planAssessA).then().statusCode(200);
		as(token).get("/CarePlan/" + data.planA).then().statusCode(403);
	}

	@Test
	void typesNotGrantedAreForbiddenNotEmpty() {
		String token = patientToken("patient/CarePlan.rs");
		as(token).get("/Goal").then().statusCode(403).body("issue[0].code", equalTo("forbidden"));
		as(token).get("/Goal/" + data.goalA).then().statusCode(403);
		as(token).get("/CarePlan?_include=CarePlan:subject").then().statusCode(403);
		as(token).get("/CarePlan?subject.family=" + data.familyA).then().statusCode(403);
	}

	@Test
	void writesNeedWriteScopesAndStayInTheCompartment() {
		String readOnly = patientToken("patient/*.read");
		as(readOnly).body(plan(data.patientA)).post("/CarePlan").then().statusCode(403);

		String createOnly = patientToken("patient/CarePlan.c");
		String created = as(createOnly).body(plan(data.patientA)).post("/CarePlan").then().statusCode(201)
			.extract().path("id");
		as(createOnly).body(plan(data.patientA).replace("\"intent\"", "\"id\":\"" + created + "\",\"intent\""))
			.put("/CarePlan/" + created)
			.then()
			.statusCode(403);
		as(createOnly).delete("/CarePlan/" + created).then().statusCode(403);
		fhir().get("/CarePlan/" + created).then().statusCode(200);
	}

	@Test
	void operationsNeedTheirOwnScopes() {
		String patient = patientToken("patient/*.cruds");
		as(patient).body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"system\",\"valueUri\":\"http://example.org/cs\"}]}")
			.post("/CodeSystem/$upload-external-code-system").then().statusCode(403)
			.body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("system/CodeSystem.cu"));
		as(patient).body("{\"resourceType\":\"Parameters\"}").post("/$reindex").then().statusCode(403);
		as(patient).get("/ValueSet/$expand?url=http://hl7.org/fhir/ValueSet/administrative-gender").then().statusCode(200);
		String readOnly = patientToken("patient/*.rs");
		as(readOnly).body(plan(data.patientA)).post("/CarePlan/$validate").then().statusCode(403);
		as(patient).body(plan(data.patientA)).post("/CarePlan/$validate").then().statusCode(200);
	}

	@Test
	void aBackendServiceGetsOnlyTheSystemScopesItAsksFor() {
		String patientsOnly = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET,
				"system/Patient.rs").value();
		as(patientsOnly).get("/Patient?_id=" + data.patientA + "," + data.patientB).then().statusCode(200)
			.body("entry.resource.id", containsInAnyOrder(data.patientA, data.patientB));
		as(patientsOnly).get("/CarePlan").then().statusCode(403);
		as(patientsOnly).get("/Patient?_id=" + data.patientA + "&_revinclude=CarePlan:subject").then().statusCode(403);
		as(patientsOnly).get("/Patient/" + data.patientA + "/$everything").then().statusCode(403);
		as(patientsOnly).body("{\"resourceType\":\"Patient\"}").post("/Patient").then().statusCode(403);

		given().basePath("").auth().preemptive().basic(TestTokens.BACKEND, TestTokens.BACKEND_SECRET)
			.formParam("grant_type", "client_credentials").formParam("scope", "patient/*.rs")
			.post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_scope"));
		given().basePath("").auth().preemptive().basic(TestTokens.BACKEND, TestTokens.BACKEND_SECRET)
			.formParam("grant_type", "password").post("/oauth2/token").then().statusCode(400);
	}

	@Test
	void aCaseManagersCaseloadFollowsTheirCareTeams() {
		String manager = new SmartApp(port, "test-app", null)
			.launch("openid user/*.rs", data.managerUser, CaseloadFixture.PASSWORD, null).getString("access_token");
		as(manager).get("/Patient").then().statusCode(200).body("entry.resource.id", containsInAnyOrder(data.patientA));
		as(manager).get("/Patient/" + data.patientB).then().statusCode(403);

		String team = fhir().body("{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":\"Patient/"
				+ data.patientB + "\"},\"participant\":[{\"member\":{\"reference\":\"Practitioner/" + data.managerA + "\"}}]}")
			.post("/CareTeam").then().statusCode(201).extract().path("id");
		as(manager).get("/Patient/" + data.patientB).then().statusCode(200);

		fhir().delete("/CareTeam/" + team).then().statusCode(200);
		as(manager).get("/Patient/" + data.patientB).then().statusCode(403);
		as(manager).get("/CarePlan").then().statusCode(200)
			.body("entry.resource.subject.reference", not(hasItem("Patient/" + data.patientB)));
	}

	@Test
	void aCaregiverReachesThePatientTheyCareFor() {
		String caregiver = fhir().body("{\"resourceType\":\"RelatedPerson\",\"patient\":{\"reference\":\"Patient/"
				+ data.patientA + "\"},\"name\":[{\"family\":\"Carer\"}]}").post("/RelatedPerson").then().statusCode(201)
			.extract().path("id");
		String username = unique("caregiver");
		AdminApi.admin()
			.contentType("application/json")
			.body(Map.of("password", CaseloadFixture.PASSWORD, "fhirUser", "RelatedPerson/" + caregiver))
			.put("/admin/users/" + username).then().statusCode(200);
		String token = new SmartApp(port, "test-app", null).launch("openid fhirUser user/*.rs", username,
				CaseloadFixture.PASSWORD, null).getString("access_token");
		as(token).get("/Patient").then().statusCode(200).body("entry.resource.id", containsInAnyOrder(data.patientA));
		as(token).get("/Goal/" + data.goalB).then().statusCode(403);
		as(token).get("/Goal/" + data.goalA).then().statusCode(200);
	}

	private String patientToken(String scopes) {
		Map<String, Object> token = new SmartApp(port, "test-app", null)
			.launch("launch/patient " + scopes, data.patientUser, CaseloadFixture.PASSWORD, null)
			.getMap("");
		assertThat(token.get("scope").toString()).contains(scopes.split(" ")[0]);
		return token.get("access_token").toString();
	}

	private RequestSpecification as(String token) {
		return given().auth().oauth2(token).contentType(FHIR_JSON).accept(FHIR_JSON);
	}

	private static String plan(String patient) {
		return "{\"resourceType\":\"CarePlan\",\"status\":\"draft\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"}}";
	}

}
