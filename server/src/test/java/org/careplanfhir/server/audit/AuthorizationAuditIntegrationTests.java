package org.careplanfhir.server.audit;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.security.SmartApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.AdminApi.admin;
import static org.careplanfhir.server.audit.AuditEvents.subtypeOf;

/**
 * The authorization server's events: sign-ins that succeed and fail, tokens issued, refreshed and
 * revoked, what a person gave and withheld on the consent page, and EHR launches. Each test signs
 * in as a patient account of its own, so the events it asks about are its own.
 */
class AuthorizationAuditIntegrationTests extends FhirServerTest {

	private static final String PASSWORD = "correct-horse-battery";

	private String patient;

	private String username;

	@BeforeEach
	void ownPatientAndAccount() {
		patient = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + unique("Consent") + "\"}]}");
		username = unique("audited-patient");
		admin().contentType("application/json")
			.body(Map.of("password", PASSWORD, "fhirUser", "Patient/" + patient))
			.put("/admin/users/" + username)
			.then().statusCode(200);
	}

	@Test
	void aFailedAndASuccessfulSignInAreRecordedWithTheAccount() {
		SmartApp app = new SmartApp(port, "test-app", null);
		app.trySignIn(username, "not-the-password");
		app.launch("openid fhirUser launch/patient patient/*.rs", username, PASSWORD, null);

		List<Map<String, Object>> signIns = AuditEvents.exactly(FhirServerTest::fhir,
				"/AuditEvent?altid=" + username + "&type=http://dicom.nema.org/resources/ontology/DCM|110114&_sort=date", 2);
		assertThat(signIns).extracting(event -> event.get("outcome")).containsExactly("4", "0");
		assertThat((String) signIns.get(0).get("outcomeDesc")).contains("Sign-in refused");
		assertThat(signIns).allSatisfy(event -> assertThat(subtypeOf(event)).isEqualTo("110122"));
	}

	@Test
	void consentGivenAndWithheldAndTheTokenIssuedAreRecordedWithTheirScopes() {
		SmartApp app = new SmartApp(port, "test-app", null);
		URI redirect = app.authorize(app.authorizationRequest("launch/patient patient/CarePlan.rs patient/Goal.rs"),
				username, PASSWORD, null, List.of("launch/patient", "patient/Goal.rs"));
		app.exchange(redirect).then().statusCode(200);

		List<Map<String, Object>> consent = AuditEvents.exactly(FhirServerTest::fhir, "/AuditEvent?altid=" + username
				+ "&subtype=consent-given,consent-withheld&_sort=date", 2);
		Map<String, String> scopesBySubtype = Map.of(subtypeOf(consent.get(0)), (String) consent.get(0).get("outcomeDesc"),
				subtypeOf(consent.get(1)), (String) consent.get(1).get("outcomeDesc"));
		assertThat(scopesBySubtype.get("consent-given")).contains("patient/Goal.rs").doesNotContain("CarePlan");
		assertThat(scopesBySubtype.get("consent-withheld")).isEqualTo("scope: patient/CarePlan.rs");
		assertThat(String.valueOf(consent.get(0).get("agent"))).contains("test-app");

		List<Map<String, Object>> issued = AuditEvents.exactly(FhirServerTest::fhir,
				"/AuditEvent?agent=Patient/" + patient + "&subtype=token-issued", 1);
		assertThat((String) issued.get(0).get("outcomeDesc")).contains("patient/Goal.rs").doesNotContain("CarePlan");
		assertThat(AuditEvents.patientOf(issued.get(0))).isEqualTo("Patient/" + patient);
	}

	@Test
	void aRefreshAndARevocationAreRecorded() {
		SmartApp app = new SmartApp(port, "test-confidential", "test-confidential-secret");
		JsonPath first = app.launch("launch/patient offline_access patient/*.rs", username, PASSWORD, null);
		JsonPath refreshed = app.tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token",
				first.getString("refresh_token"))).then().statusCode(200).extract().jsonPath();
		given().basePath("").auth().preemptive().basic("test-confidential", "test-confidential-secret")
			.formParam("token", refreshed.getString("access_token")).post("/oauth2/revoke").then().statusCode(200);

		List<Map<String, Object>> tokens = AuditEvents.exactly(FhirServerTest::fhir, "/AuditEvent?patient=Patient/"
				+ patient + "&type=" + AuditEvents.AUTHORIZATION + "&subtype=token-issued,token-refreshed,token-revoked"
				+ "&_sort=date", 3);
		assertThat(tokens).extracting(AuditEvents::subtypeOf)
			.containsExactly("token-issued", "token-refreshed", "token-revoked");
		assertThat(tokens).extracting(event -> event.get("action")).containsExactly("C", "C", "D");
	}

	@Test
	void anEhrLaunchIsRecordedWithThePatientAndTheEhrsAccount() {
		admin().formParam("patient", "Patient/" + patient).post("/smart/launch").then().statusCode(201);
		List<Map<String, Object>> launches = AuditEvents.exactly(FhirServerTest::fhir,
				"/AuditEvent?patient=Patient/" + patient + "&subtype=ehr-launch", 1);
		assertThat(launches.get(0).get("action")).isEqualTo("C");
		assertThat(String.valueOf(launches.get(0).get("agent"))).contains("test-admin");
	}

	@Test
	void aPatientSeesWhoAccessedTheirRecordAndNothingOfOthers() {
		String other = create("Patient", "{\"resourceType\":\"Patient\"}");
		fhir().get("/Patient/" + patient).then().statusCode(200);
		fhir().get("/Patient/" + other).then().statusCode(200);
		fhir().get("/Patient?_id=" + patient + "," + other).then().statusCode(200);
		String token = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser launch/patient patient/AuditEvent.rs patient/Patient.rs", username, PASSWORD, null)
			.getString("access_token");
		AuditEvents.await(FhirServerTest::fhir, "/AuditEvent?patient=Patient/" + other, found -> !found.isEmpty());

		List<Map<String, Object>> mine = AuditEvents.await(() -> given().auth().oauth2(token).accept(FHIR_JSON),
				"/AuditEvent?_count=200", found -> found.stream().anyMatch(event -> "search-type".equals(subtypeOf(event))));
		assertThat(mine).isNotEmpty().allSatisfy(event -> assertThat(AuditEvents.patientOf(event))
			.isEqualTo("Patient/" + patient));
		assertThat(mine).anySatisfy(event -> assertThat(String.valueOf(event.get("agent"))).contains("test-backend"));
		// The query as sent is an auditor's to see: it may name other patients.
		assertThat(mine).allSatisfy(event -> assertThat(AuditEvents.queryOf(event)).isNull());
		given().auth().oauth2(token).get("/AuditEvent?patient=Patient/" + other).then()
			.statusCode(org.hamcrest.Matchers.oneOf(200, 403))
			.body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Patient/" + other)));
		String othersEvent = fhir().get("/AuditEvent?patient=Patient/" + other + "&_count=1").then().extract()
			.path("entry[0].resource.id");
		given().auth().oauth2(token).get("/AuditEvent/" + othersEvent).then()
			.statusCode(org.hamcrest.Matchers.oneOf(403, 404));
	}

}
