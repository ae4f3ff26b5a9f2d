package org.careplanfhir.bench.smart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A successful answer of the token endpoint: the access token and what SMART sends beside it
 * (scope, refresh token, launch context such as {@code patient}).
 */
public final class TokenResponse {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String body;

	private final JsonNode fields;

	private TokenResponse(String body, JsonNode fields) {
		this.body = body;
		this.fields = fields;
	}

	static TokenResponse parse(String body) {
		try {
			return new TokenResponse(body, JSON.readTree(body));
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("The token endpoint answered no JSON: " + body, e);
		}
	}

	public String accessToken() {
		return field("access_token");
	}

	/** {@code null} when the server issued none (client credentials, no {@code offline_access}). */
	public String refreshToken() {
		return field("refresh_token");
	}

	public String scope() {
		return field("scope");
	}

	public long expiresInSeconds() {
		return fields.path("expires_in").asLong();
	}

	/** Any other text field of the answer, e.g. {@code patient} or {@code id_token}; {@code null} if absent. */
	public String field(String name) {
		JsonNode value = fields.get(name);
		return value == null || value.isNull() ? null : value.asText();
	}

	/** The answer as the server sent it. */
	public String body() {
		return body;
	}

}
