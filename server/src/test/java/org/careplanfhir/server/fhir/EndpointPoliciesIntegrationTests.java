package org.careplanfhir.server.fhir;

import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Cross-origin access for browser apps, and the bounds of a search page. */
class EndpointPoliciesIntegrationTests extends FhirServerTest {

	private static final String APP_ORIGIN = "https://app.example.org";

	@Test
	void browserPreflightForAConditionalCreateIsAllowed() {
		given().header("Origin", APP_ORIGIN)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type,if-none-exist,prefer")
			.options("/Patient")
			.then()
			.statusCode(200)
			.header("Access-Control-Allow-Origin", equalTo(APP_ORIGIN))
			.header("Access-Control-Allow-Methods", containsString("POST"))
			.header("Access-Control-Allow-Headers", containsString("if-none-exist"));
	}

	@Test
	void anOriginOutsideTheConfiguredListIsNeverAllowed() {
		String foreign = "https://evil.example";
		given().header("Origin", foreign).header("Access-Control-Request-Method", "GET").options("/Patient")
			.then().header("Access-Control-Allow-Origin", nullValue());
		given().header("Origin", foreign).get("/Patient")
			.then().statusCode(401).header("Access-Control-Allow-Origin", nullValue());
		given().header("Origin", foreign).get("/.well-known/smart-configuration")
			.then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
		given().basePath("").header("Origin", foreign).header("Access-Control-Request-Method", "POST")
			.options("/oauth2/token").then().header("Access-Control-Allow-Origin", nullValue());
		String narrow = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET, "system/Patient.rs")
			.value();
		given().header("Origin", foreign).auth().oauth2(narrow).get("/CarePlan")
			.then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
		// Spring refuses a cross-origin call from an origin it does not allow (403); either way, no grant.
		tokenRequest(foreign).then().header("Access-Control-Allow-Origin", nullValue());
		given().basePath("").header("Origin", foreign).get("/oauth2/jwks")
			.then().header("Access-Control-Allow-Origin", nullValue());
		// The configured origin is allowed on the same requests.
		given().header("Origin", APP_ORIGIN).auth().oauth2(narrow).get("/CarePlan")
			.then().statusCode(403).header("Access-Control-Allow-Origin", equalTo(APP_ORIGIN));
		tokenRequest(APP_ORIGIN).then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(APP_ORIGIN));
		given().header("Origin", APP_ORIGIN).get("/.well-known/smart-configuration")
			.then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(APP_ORIGIN));
		given().header("Origin", APP_ORIGIN).get("/Patient")
			.then().statusCode(401).header("Access-Control-Allow-Origin", equalTo(APP_ORIGIN));
		given().basePath("").header("Origin", APP_ORIGIN).header("Access-Control-Request-Method", "POST")
			.options("/oauth2/token").then().header("Access-Control-Allow-Origin", equalTo(APP_ORIGIN));
	}

	private static io.restassured.response.Response tokenRequest(String origin) {
		return given().basePath("")
			.header("Origin", origin)
			.auth()
			.preemptive()
			.basic(TestTokens.BACKEND, TestTokens.BACKEND_SECRET)
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "system/Patient.rs")
			.post("/oauth2/token");
	}

	@Test
	void browserCanReadLocationAndEtagOfACreate() {
		fhir().header("Origin", APP_ORIGIN)
			.body("{\"resourceType\":\"Patient\"}")
			.post("/Patient")
			.then()
			.statusCode(201)
			.header("Access-Control-Allow-Origin", equalTo(APP_ORIGIN))
			.header("Access-Control-Expose-Headers", containsString("Location"))
			.header("Access-Control-Expose-Headers", containsString("ETag"));
	}

	@Test
	void pagesHoldTwentyByDefaultAndNeverMoreThanTheMaximum() {
		String family = unique("Paged");
		StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
		for (int i = 0; i < 510; i++) {
			bundle.append(i == 0 ? "" : ",")
				.append("{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"")
				.append(family)
				.append("\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
		}
		fhir().body(bundle.append("]}").toString()).post("/").then().statusCode(200);

		assertThat(fhir().get("/Patient?family:exact=" + family).then().statusCode(200).extract().jsonPath()
			.getList("entry").size()).isEqualTo(20);
		assertThat(fhir().get("/Patient?family:exact=" + family + "&_count=100000").then().statusCode(200)
			.extract().jsonPath().getList("entry").size()).isEqualTo(500);
	}

}
