package org.careplanfhir.server.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.careplanfhir.server.AdminApi.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * SMART App Launch 2.x against the embedded authorization server, over real HTTP through its real
 * pages: discovery, standalone and EHR launch, the patient picker, consent, PKCE, the token
 * response and ID token, refresh, introspection, revocation, and every error case.
 */
class SmartAppLaunchIntegrationTests extends FhirServerTest {

	private static CaseloadFixture data;

	@BeforeEach
	void storeTwoPatientsOnce() {
		if (data == null) {
			data = CaseloadFixture.create(FhirServerTest::fhir, AdminApi::admin);
		}
	}

	@Test
	void discoveryListsAbsoluteEndpointsAndEveryCapability() {
		JsonPath smart = given().header("Origin", "https://app.example.org")
			.get("/.well-known/smart-configuration")
			.then()
			.statusCode(200)
			.header("Access-Control-Allow-Origin", equalTo("https://app.example.org"))
			.extract()
			.jsonPath();
		String root = "http://localhost:" + port;
		assertThat(smart.getString("issuer")).isEqualTo(root);
		assertThat(smart.getString("authorization_endpoint")).isEqualTo(root + "/oauth2/authorize");
		assertThat(smart.getString("token_endpoint")).isEqualTo(root + "/oauth2/token");
		assertThat(smart.getString("introspection_endpoint")).isEqualTo(root + "/oauth2/introspect");
		assertThat(smart.getString("revocation_endpoint")).isEqualTo(root + "/oauth2/revoke");
		assertThat(smart.getString("jwks_uri")).isEqualTo(root + "/oauth2/jwks");
		assertThat(smart.getList("code_challenge_methods_supported")).containsExactly("S256");
		assertThat(smart.getList("grant_types_supported", String.class)).contains("authorization_code",
				"client_credentials", "refresh_token");
		assertThat(smart.getList("token_endpoint_auth_methods_supported", String.class)).contains("private_key_jwt");
		assertThat(smart.getList("token_endpoint_auth_signing_alg_values_supported", String.class)).contains("RS384",
				"ES384");
		assertThat(smart.getList("scopes_supported", String.class)).contains("launch/patient", "patient/*.rs",
				"offline_access");
		assertThat(smart.getList("capabilities", String.class)).contains("launch-ehr", "launch-standalone",
				"client-public", "client-confidential-symmetric", "client-confidential-asymmetric",
				"sso-openid-connect", "context-ehr-patient", "context-ehr-encounter", "context-standalone-patient",
				"context-banner", "context-style", "permission-offline", "permission-patient", "permission-user",
				"permission-v1", "permission-v2", "authorize-post");
	}

	@Test
	void capabilityStatementDeclaresSmartWithoutAToken() {
		given().header("Origin", "https://app.example.org").get("/metadata")
			.then()
			.statusCode(200)
			.header("Access-Control-Allow-Origin", equalTo("https://app.example.org"))
			.body("rest[0].security.service[0].coding[0].code", equalTo("SMART-on-FHIR"))
			.body("rest[0].security.extension[0].url",
					equalTo("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"))
			.body("rest[0].security.extension[0].extension.url", hasItems("authorize", "token", "introspect", "revoke"));
	}

	@Test
	void openIdDiscoveryAndKeySetAreServed() {
		JsonPath oidc = given().basePath("").get("/.well-known/openid-configuration").then().statusCode(200)
			.extract().jsonPath();
		assertThat(oidc.getString("issuer")).isEqualTo("http://localhost:" + port);
		assertThat(oidc.getList("id_token_signing_alg_values_supported", String.class)).contains("RS256");
		given().basePath("").get(URI.create(oidc.getString("jwks_uri")).getPath())
			.then()
			.statusCode(200)
			.body("keys.kty", hasItem("RSA"));
	}

	@Test
	void requestsWithoutAValidTokenAre401WithAnOperationOutcome() {
		given().get("/Patient").then().statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer"))
			.body("resourceType", equalTo("OperationOutcome"));
		given().auth().oauth2("not-a-token").get("/Patient").then().statusCode(401)
			.header("WWW-Authenticate", containsString("invalid_token"))
			.body("resourceType", equalTo("OperationOutcome"));
		String forged = forgeWithAnotherKey();
		given().auth().oauth2(forged).get("/Patient").then().statusCode(401)
			.body("issue[0].code", equalTo("login"));
	}

	@Test
	void standaloneLaunchAsAPatientGivesThePatientContextAndAnIdToken() throws Exception {
		SmartApp app = new SmartApp(port, "test-app", null);
		URI redirect = app.authorize(app.authorizationRequest("launch/patient openid fhirUser patient/*.rs"),
				data.patientUser, CaseloadFixture.PASSWORD, null, null);
		Response tokens = app.exchange(redirect);
		tokens.then()
			.statusCode(200)
			.header("Cache-Control", containsString("no-store"))
			.header("Pragma", equalTo("no-cache"))
			.body("token_type", equalTo("Bearer"))
			.body("patient", equalTo(data.patientA))
			.body("need_patient_banner", equalTo(true))
			.body("smart_style_url", equalTo("http://localhost:" + port + "/smart/style.json"))
			.body("scope", containsString("patient/*.rs"));
		assertThat(tokens.jsonPath().getInt("expires_in")).isPositive();

		SignedJWT idToken = SignedJWT.parse(tokens.jsonPath().getString("id_token"));
		assertThat(idToken.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		JWKSet keys = JWKSet.parse(given().basePath("").get("/oauth2/jwks").asString());
		RSAKey key = (RSAKey) keys.getKeyByKeyId(idToken.getHeader().getKeyID());
		assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
		assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost:" + port);
		assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo(data.patientUser);
		assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly("test-app");
		assertThat(idToken.getJWTClaimsSet().getExpirationTime()).isInTheFuture();
		assertThat(idToken.getJWTClaimsSet().getIssueTime()).isNotNull();
		String fhirUser = idToken.getJWTClaimsSet().getStringClaim("fhirUser");
		assertThat(fhirUser).isEqualTo(app.fhirBase() + "/Patient/" + data.patientA);
		given().auth().oauth2(tokens.jsonPath().getString("access_token")).get(fhirUser).then().statusCode(200);
	}

	@Test
	void aCaseManagerPicksThePatientFromTheirCaseloadOnly() {
		SmartApp app = new SmartApp(port, "test-app", null);
		app.signIn(data.managerUser, CaseloadFixture.PASSWORD);
		Response toPicker = app.get("/oauth2/authorize?"
				+ SmartApp.query(app.authorizationRequest("launch/patient openid patient/*.rs")));
		assertThat(toPicker.header("Location")).contains("/smart/select-patient");
		String picker = app.get(toPicker.header("Location")).then().statusCode(200).extract().asString();
		assertThat(picker).contains(data.familyA).doesNotContain(data.familyB).contains("<label")
			.contains("<title>Choose a patient · Careplan FHIR Server</title>", "<html lang=\"en\">");

		JsonPath tokens = new SmartApp(port, "test-app", null).launch("launch/patient openid patient/*.rs",
				data.managerUser, CaseloadFixture.PASSWORD, data.patientA);
		assertThat(tokens.getString("patient")).isEqualTo(data.patientA);
		assertThat(tokens.getBoolean("need_patient_banner")).isTrue();
	}

	@Test
	void choosingAPatientOutsideTheCaseloadIsRefused() {
		SmartApp app = new SmartApp(port, "test-app", null);
		app.signIn(data.managerUser, CaseloadFixture.PASSWORD);
		String query = SmartApp.query(app.authorizationRequest("launch/patient openid patient/*.rs"));
		String picker = app.get("/smart/select-patient?" + query).asString();
		String csrf = picker.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
		app.postForm("/smart/select-patient", Map.of("patient", data.patientB, "authorizationRequest", query, "_csrf", csrf))
			.then()
			.statusCode(403);
	}

	@Test
	void ehrLaunchBindsPatientAndEncounter() {
		String launch = admin().formParam("patient", "Patient/" + data.patientA)
			.formParam("encounter", "Encounter/" + data.encounterA)
			.post("/smart/launch")
			.then()
			.statusCode(201)
			.extract()
			.path("launch");
		SmartApp app = new SmartApp(port, "test-app", null);
		Map<String, String> request = new java.util.LinkedHashMap<>(app.authorizationRequest("launch openid fhirUser patient/*.rs"));
		request.put("launch", launch);
		Response tokens = app.exchange(app.authorize(request, data.managerUser, CaseloadFixture.PASSWORD, null, null));
		tokens.then()
			.statusCode(200)
			.body("patient", equalTo(data.patientA))
			.body("encounter", equalTo(data.encounterA))
			.body("need_patient_banner", equalTo(false));

		admin().formParam("patient", "Patient/does-not-exist").post("/smart/launch").then().statusCode(400);
		given().basePath("").formParam("patient", "Patient/" + data.patientA).post("/smart/launch").then().statusCode(401);
	}

	@Test
	void anUnknownLaunchValueGetsNoCode() {
		SmartApp app = new SmartApp(port, "test-app", null);
		Map<String, String> request = new java.util.LinkedHashMap<>(app.authorizationRequest("launch openid patient/*.rs"));
		request.put("launch", "made-up");
		app.signIn(data.managerUser, CaseloadFixture.PASSWORD);
		Response response = app.get("/oauth2/authorize?" + SmartApp.query(request));
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.header("Location")).startsWith(SmartApp.REDIRECT_URI).contains("error=invalid_request")
			.doesNotContain("code=");
	}

	@Test
	void anAuthorizationRequestMayBePosted() {
		SmartApp app = new SmartApp(port, "test-app", null);
		app.signIn(data.patientUser, CaseloadFixture.PASSWORD);
		Response posted = app.postForm("/oauth2/authorize", app.authorizationRequest("launch/patient patient/*.rs"));
		assertThat(posted.statusCode()).isEqualTo(303);
		URI redirect = app.authorize(app.authorizationRequest("launch/patient patient/*.rs"), data.patientUser,
				CaseloadFixture.PASSWORD, null, null);
		assertThat(URI.create(posted.header("Location")).getPath()).isEqualTo("/oauth2/authorize");
		app.exchange(redirect).then().statusCode(200).body("patient", equalTo(data.patientA));
	}

	@Test
	void theUserCanWithholdScopes() {
		String user = newPatientUser();
		SmartApp app = new SmartApp(port, "test-app", null);
		URI redirect = app.authorize(app.authorizationRequest("launch/patient patient/CarePlan.rs patient/Goal.rs"),
				user, CaseloadFixture.PASSWORD, null, List.of("launch/patient", "patient/Goal.rs"));
		JsonPath tokens = app.exchange(redirect).then().statusCode(200).extract().jsonPath();
		assertThat(tokens.getString("scope").split(" ")).contains("patient/Goal.rs").doesNotContain("patient/CarePlan.rs");
		String token = tokens.getString("access_token");
		given().auth().oauth2(token).get("/Goal").then().statusCode(200);
		given().auth().oauth2(token).get("/CarePlan").then().statusCode(403)
			.header("WWW-Authenticate", containsString("insufficient_scope"))
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void denyingConsentSendsTheAppAnErrorAndNoCode() {
		SmartApp app = new SmartApp(port, "test-app", null);
		URI redirect = app.authorize(app.authorizationRequest("launch/patient patient/*.rs"), newPatientUser(),
				CaseloadFixture.PASSWORD, null, List.of());
		assertThat(redirect.toString()).startsWith(SmartApp.REDIRECT_URI).contains("error=access_denied")
			.doesNotContain("code=");
	}

	@Test
	void badAuthorizationRequestsGetNoCode() {
		SmartApp app = new SmartApp(port, "test-app", null);
		app.signIn(data.patientUser, CaseloadFixture.PASSWORD);
		Map<String, String> wrongAudience = new java.util.LinkedHashMap<>(app.authorizationRequest("patient/*.rs"));
		wrongAudience.put("aud", "https://other.example.org/fhir");
		assertNoCode(app, wrongAudience, "invalid_request");

		Map<String, String> noPkce = new java.util.LinkedHashMap<>(app.authorizationRequest("patient/*.rs"));
		noPkce.remove("code_challenge");
		noPkce.remove("code_challenge_method");
		assertNoCode(app, noPkce, "invalid_request");

		Map<String, String> plainPkce = new java.util.LinkedHashMap<>(app.authorizationRequest("patient/*.rs"));
		plainPkce.put("code_challenge_method", "plain");
		assertNoCode(app, plainPkce, "invalid_request");

		Map<String, String> unregisteredScope = new java.util.LinkedHashMap<>(app.authorizationRequest("system/*.rs"));
		assertNoCode(app, unregisteredScope, "invalid_scope");

		Map<String, String> strangeRedirect = new java.util.LinkedHashMap<>(app.authorizationRequest("patient/*.rs"));
		strangeRedirect.put("redirect_uri", "https://attacker.example.org/steal");
		Response refused = app.get("/oauth2/authorize?" + SmartApp.query(strangeRedirect));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.header("Location")).isNull();
	}

	@Test
	void badTokenRequestsAreRefused() {
		SmartApp app = new SmartApp(port, "test-app", null);
		URI redirect = app.authorize(app.authorizationRequest("launch/patient patient/*.rs"), data.patientUser,
				CaseloadFixture.PASSWORD, null, null);
		String code = SmartApp.param(redirect.toString(), "code");
		app.tokenRequest(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				SmartApp.REDIRECT_URI, "code_verifier", "wrong-verifier-wrong-verifier-wrong-verifier"))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_grant"));
		app.tokenRequest(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				SmartApp.REDIRECT_URI))
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));
		app.tokenRequest(Map.of("grant_type", "authorization_code", "code", "made-up", "redirect_uri",
				SmartApp.REDIRECT_URI, "code_verifier", app.verifier()))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_grant"));
		new SmartApp(port, "no-such-client", null)
			.tokenRequest(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", SmartApp.REDIRECT_URI,
					"code_verifier", app.verifier()))
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));
		new SmartApp(port, "test-confidential", "wrong-secret")
			.tokenRequest(Map.of("grant_type", "client_credentials", "scope", "system/*.rs"))
			.then()
			.statusCode(401);
	}

	@Test
	void refreshTokensForOfflineAccessKeepTheContextAndMayNarrow() {
		SmartApp app = new SmartApp(port, "test-confidential", "test-confidential-secret");
		JsonPath first = app.launch("launch/patient openid fhirUser offline_access patient/*.rs", data.patientUser,
				CaseloadFixture.PASSWORD, null);
		assertThat(first.getString("refresh_token")).isNotBlank();
		given().auth().oauth2(first.getString("access_token")).get("/CarePlan").then().statusCode(200);

		JsonPath refreshed = app.tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token",
				first.getString("refresh_token")))
			.then()
			.statusCode(200)
			.extract()
			.jsonPath();
		assertThat(refreshed.getString("access_token")).isNotEqualTo(first.getString("access_token"));
		assertThat(refreshed.getString("patient")).isEqualTo(data.patientA);
		given().auth().oauth2(refreshed.getString("access_token")).get("/CarePlan").then().statusCode(200)
			.body("entry.resource.subject.reference", not(hasItem("Patient/" + data.patientB)));
		// The refreshed token replaces the one used before, which stops working at once.
		given().auth().oauth2(first.getString("access_token")).get("/CarePlan").then().statusCode(401);

		JsonPath narrower = app.tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token",
				refreshed.getString("refresh_token"), "scope", "launch/patient patient/*.rs"))
			.then()
			.statusCode(200)
			.extract()
			.jsonPath();
		assertThat(narrower.getString("scope").split(" ")).containsExactlyInAnyOrder("launch/patient", "patient/*.rs");
	}

	@Test
	void introspectionDescribesActiveTokensAndNothingElse() {
		JsonPath tokens = new SmartApp(port, "test-confidential", "test-confidential-secret")
			.launch("launch/patient openid fhirUser patient/*.rs", data.patientUser, CaseloadFixture.PASSWORD, null);
		JsonPath active = introspect(tokens.getString("access_token"));
		assertThat(active.getBoolean("active")).isTrue();
		assertThat(active.getString("scope")).contains("patient/*.rs");
		assertThat(active.getString("client_id")).isEqualTo("test-confidential");
		assertThat(active.getLong("exp")).isPositive();
		assertThat(active.getString("patient")).isEqualTo(data.patientA);
		assertThat(active.getString("sub")).isEqualTo(data.patientUser);
		assertThat(active.getString("iss")).isEqualTo("http://localhost:" + port);
		assertThat(active.getString("fhirUser")).isEqualTo("Patient/" + data.patientA);
		assertThat(introspect("garbage").getBoolean("active")).isFalse();
	}

	@Test
	void introspectionTellsAClientNothingAboutAnotherClientsTokens() {
		String backendToken = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET,
				"system/CarePlan.rs").value();
		given().auth().oauth2(backendToken).get("/CarePlan?_count=1").then().statusCode(200);

		JsonPath answer = introspect(backendToken);

		assertThat(answer.getBoolean("active")).isFalse();
		assertThat(answer.getMap("")).containsOnlyKeys("active");
	}

	@Test
	void aTokenRevokedThroughAnotherServerSharingTheDatabaseStopsWorkingWithinTheRecheckInterval() {
		String token = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET,
				"system/CarePlan.rs").value();
		given().auth().oauth2(token).get("/CarePlan?_count=1").then().statusCode(200);
		// What a second server's revocation endpoint leaves in the shared store: the token's row gone.
		assertThat(database.update("DELETE FROM oauth2_authorization WHERE access_token_value = ?", token))
			.isEqualTo(1);
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> given().auth().oauth2(token).get("/CarePlan?_count=1").then().statusCode(401));
	}

	@Test
	void revocationTakesEffectAtOnce() {
		SmartApp app = new SmartApp(port, "test-confidential", "test-confidential-secret");
		JsonPath tokens = app.launch("launch/patient offline_access patient/*.rs", data.patientUser,
				CaseloadFixture.PASSWORD, null);
		String access = tokens.getString("access_token");
		given().auth().oauth2(access).get("/CarePlan").then().statusCode(200);
		confidential().formParam("token", access).post("/oauth2/revoke").then().statusCode(200);
		given().auth().oauth2(access).get("/CarePlan").then().statusCode(401)
			.body("resourceType", equalTo("OperationOutcome"));
		assertThat(introspect(access).getBoolean("active")).isFalse();

		JsonPath again = app.launch("launch/patient offline_access patient/*.rs", data.patientUser,
				CaseloadFixture.PASSWORD, null);
		given().auth().oauth2(again.getString("access_token")).get("/CarePlan").then().statusCode(200);
		confidential().formParam("token", again.getString("refresh_token")).post("/oauth2/revoke").then().statusCode(200);
		// Revoking the refresh token ends the access token issued with it.
		given().auth().oauth2(again.getString("access_token")).get("/CarePlan").then().statusCode(401);
		app.tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", again.getString("refresh_token")))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_grant"));
	}

	private void assertNoCode(SmartApp app, Map<String, String> request, String error) {
		Response response = app.get("/oauth2/authorize?" + SmartApp.query(request));
		String location = String.valueOf(response.header("Location"));
		assertThat(response.statusCode()).as(location).isIn(302, 400);
		assertThat(location).doesNotContain("code=");
		if (response.statusCode() == 302) {
			assertThat(location).startsWith(SmartApp.REDIRECT_URI).contains("error=" + error);
		}
	}

	private JsonPath introspect(String token) {
		return confidential().formParam("token", token).post("/oauth2/introspect").then().statusCode(200).extract()
			.jsonPath();
	}

	private RequestSpecification confidential() {
		return given().basePath("").auth().preemptive().basic("test-confidential", "test-confidential-secret");
	}

	private String newPatientUser() {
		String username = unique("patient");
		admin().contentType("application/json")
			.body(Map.of("password", CaseloadFixture.PASSWORD, "fhirUser", "Patient/" + data.patientA))
			.put("/admin/users/" + username)
			.then()
			.statusCode(200);
		return username;
	}

	private static String forgeWithAnotherKey() {
		try {
			RSAKey other = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("forged").generate();
			SignedJWT jwt = new SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
				.keyID("forged").build(),
					new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("mallory").claim("scope", "system/*.cruds")
						.expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000)).build());
			jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(other));
			return jwt.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
