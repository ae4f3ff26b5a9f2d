package org.careplanfhir.bench.smart;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server's OAuth2 token endpoint, called by one client with its way of authenticating. */
public final class TokenEndpoint {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final SmartServer server;

	private final ClientAuthentication client;

	public TokenEndpoint(SmartServer server, ClientAuthentication client) {
		this.server = server;
		this.client = client;
	}

	/** Posts the form with the client's credentials added, and answers whatever the server says. */
	public HttpResponse<String> post(Map<String, String> form) {
		Map<String, String> fields = new LinkedHashMap<>(form);
		HttpRequest.Builder request = HttpRequest.newBuilder(server.tokenEndpoint())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.timeout(BrowserSession.TIMEOUT);
		client.addTo(request, fields, server.tokenEndpoint());
		return Http.send(HTTP, request.POST(HttpRequest.BodyPublishers.ofString(Forms.encode(fields))).build());
	}

	/** A token for the client itself (SMART Backend Services, or a secret-holding script). */
	public TokenResponse clientCredentials(String scope) {
		return granted(post(Map.of("grant_type", "client_credentials", "scope", scope)), "client credentials");
	}

	/** A new access token for a refresh token, for {@code scope} or, when it is null, the same scopes. */
	public TokenResponse refresh(String refreshToken, String scope) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "refresh_token");
		form.put("refresh_token", refreshToken);
		if (scope != null) {
			form.put("scope", scope);
		}
		return granted(post(form), "refresh");
	}

	static TokenResponse granted(HttpResponse<String> response, String grant) {
		Http.expect(response, 200, "token request (" + grant + ")");
		return TokenResponse.parse(response.body());
	}

}
