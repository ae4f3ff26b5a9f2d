package org.careplanfhir.server;

import java.util.List;
import java.util.Map;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/**
 * The administration API as the test server's administrator calls it (the account the test profile
 * configures), and OAuth clients registered through it as an operator would register them.
 */
public final class AdminApi {

	public static final String USER = "test-admin";

	public static final String PASSWORD = "staple-horse-admin-pass";

	private AdminApi() {
	}

	/** A request signed in as the administrator, at the server's root (the API is at /admin). */
	public static RequestSpecification admin() {
		return given().basePath("").auth().preemptive().basic(USER, PASSWORD);
	}

	/** Registers (or replaces) a client; the registration is the API's JSON body. The answer is the client as stored. */
	public static ValidatableResponse registerClient(String clientId, Map<String, ?> registration) {
		return admin().contentType("application/json").body(registration).put("/admin/clients/" + clientId).then()
			.statusCode(200);
	}

	/** Registers a confidential client that signs in with its secret (client_secret_basic). */
	public static void registerSecretClient(String clientId, String secret, List<String> scopes) {
		registerClient(clientId, Map.of("authMethod", "client_secret_basic", "secret", secret, "scopes", scopes));
	}

}
