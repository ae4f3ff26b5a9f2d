package org.careplanfhir.server.security;

import java.util.List;
import java.util.Map;

import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.careplanfhir.server.AdminApi.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The admin API: only administrators reach it; it creates, lists and removes accounts and
 * clients; removing a client ends its tokens at once; bad input is a 400 that says what is wrong.
 */
class AdminApiIntegrationTests extends FhirServerTest {

	@Test
	void onlyAdministratorsMayUseIt() {
		given().basePath("").get("/admin/users").then().statusCode(401);
		String user = unique("plain");
		admin().contentType("application/json").body(Map.of("password", "a-long-enough-password"))
			.put("/admin/users/" + user).then().statusCode(200);
		given().basePath("").auth().preemptive().basic(user, "a-long-enough-password").get("/admin/users").then()
			.statusCode(403);
		given().basePath("").auth().preemptive().basic("test-admin", "wrong").get("/admin/users").then().statusCode(401);
	}

	@Test
	void accountsAreListedWithoutSecretsAndCanBeRemoved() {
		String user = unique("nurse");
		admin().contentType("application/json")
			.body(Map.of("password", "a-long-enough-password", "fhirUser", "Practitioner/cm-1"))
			.put("/admin/users/" + user)
			.then()
			.statusCode(200)
			.body("fhirUser", equalTo("Practitioner/cm-1"));
		admin().get("/admin/users").then().statusCode(200).body("username", hasItem(user))
			.body(not(containsString("a-long-enough-password")));
		admin().contentType("application/json").body(Map.of("password", "short")).put("/admin/users/" + user).then()
			.statusCode(400).body("detail", containsString("12 characters"));
		admin().delete("/admin/users/" + user).then().statusCode(204);
		admin().delete("/admin/users/" + user).then().statusCode(404);
	}

	@Test
	void aRemovedClientsTokensStopWorkingAtOnce() {
		String clientId = unique("etl");
		admin().contentType("application/json")
			.body(Map.of("authMethod", "client_secret_basic", "secret", "etl-secret-etl-secret", "scopes",
					List.of("system/*.rs")))
			.put("/admin/clients/" + clientId)
			.then()
			.statusCode(200)
			.body("grantTypes", hasItem("client_credentials"));
		admin().get("/admin/clients").then().statusCode(200).body("clientId", hasItem(clientId))
			.body(not(containsString("etl-secret-etl-secret")));
		String token = TestTokens.clientCredentials(port, clientId, "etl-secret-etl-secret", "system/*.rs").value();
		given().auth().oauth2(token).get("/Patient?_count=1").then().statusCode(200);

		admin().delete("/admin/clients/" + clientId).then().statusCode(204);
		given().auth().oauth2(token).get("/Patient?_count=1").then().statusCode(401);
	}

	@Test
	void badClientDescriptionsSayWhatIsWrong() {
		admin().contentType("application/json").body(Map.of("authMethod", "magic", "scopes", List.of("system/*.rs")))
			.put("/admin/clients/" + unique("bad"))
			.then()
			.statusCode(400)
			.body("detail", containsString("authMethod"));
		admin().contentType("application/json").body(Map.of("authMethod", "none", "scopes", List.of("patient/*.rs")))
			.put("/admin/clients/" + unique("bad"))
			.then()
			.statusCode(400)
			.body("detail", containsString("redirect URI"));
		admin().contentType("application/json").body("{not json").put("/admin/clients/" + unique("bad"))
			.then()
			.statusCode(400)
			.body("detail", containsString("JSON"));
	}

}
