package org.careplanfhir.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.careplanfhir.bench.smart.AuthorizationCodeFlow;
import org.careplanfhir.bench.smart.BrowserSession;
import org.careplanfhir.bench.smart.ClientAuthentication;
import org.careplanfhir.bench.smart.SmartServer;

/**
 * Patient tokens the way a SMART app gets them from Careplan FHIR Server: an administrator
 * registers a public app and one account per sampled patient, then for each patient the bench signs
 * in on the server's login page, consents, and exchanges the code (PKCE S256) for an access token
 * with {@code launch/patient patient/*.rs}. Careplan-specific: other servers' logins differ.
 */
final class SmartPatientTokens {

	static final String CLIENT_ID = "careplan-bench-app";

	private static final String REDIRECT_URI = "http://localhost/careplan-bench-callback";

	private static final String SCOPE = "launch/patient openid patient/*.rs";

	private static final String PASSWORD = "bench-patient-password";

	private final SmartServer server;

	private final String adminAuthorization;

	SmartPatientTokens(String fhirBase, String adminCredentials) {
		this.server = SmartServer.ofFhirBase(fhirBase);
		this.adminAuthorization = "Basic "
				+ Base64.getEncoder().encodeToString(adminCredentials.getBytes(StandardCharsets.UTF_8));
	}

	/** One access token per patient id. */
	Map<String, String> forPatients(List<String> patientIds) throws Exception {
		HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		adminPut(admin, "/admin/clients/" + CLIENT_ID, "{\"name\":\"Careplan bench app\",\"authMethod\":\"none\","
				+ "\"redirectUris\":[\"" + REDIRECT_URI + "\"],\"scopes\":[\"launch/patient\",\"openid\",\"patient/*.rs\"]}");
		Map<String, String> tokens = new LinkedHashMap<>();
		for (String patient : patientIds) {
			String username = "bench-patient-" + patient;
			adminPut(admin, "/admin/users/" + username,
					"{\"password\":\"" + PASSWORD + "\",\"fhirUser\":\"Patient/" + patient + "\"}");
			AuthorizationCodeFlow app = new AuthorizationCodeFlow(new BrowserSession(server), CLIENT_ID,
					ClientAuthentication.publicClient(CLIENT_ID), REDIRECT_URI);
			tokens.put(patient, app.launch(SCOPE, username, PASSWORD, null).accessToken());
		}
		return tokens;
	}

	private void adminPut(HttpClient http, String path, String json) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.root() + path))
			.header("Authorization", adminAuthorization)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("PUT " + path + ": " + response.statusCode() + " " + response.body());
		}
	}

}
