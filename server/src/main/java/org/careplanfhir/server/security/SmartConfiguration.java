package org.careplanfhir.server.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.StringUtils;

/**
 * What an app learns from {@code .well-known/smart-configuration} and the CapabilityStatement:
 * where to authorize, get and check tokens, and what this server supports.
 */
public class SmartConfiguration {

	static final List<String> CAPABILITIES = List.of("launch-ehr", "launch-standalone", "client-public",
			"client-confidential-symmetric", "client-confidential-asymmetric", "sso-openid-connect",
			"context-ehr-patient", "context-ehr-encounter", "context-standalone-patient", "context-banner",
			"context-style", "permission-offline", "permission-patient", "permission-user", "permission-v1",
			"permission-v2", "authorize-post");

	static final List<String> SCOPES = List.of("openid", "fhirUser", "profile", "launch", "launch/patient",
			"launch/encounter", "offline_access", "online_access", "patient/*.rs", "patient/*.cruds",
			"patient/*.read", "patient/*.write", "user/*.rs", "user/*.cruds", "user/*.read", "user/*.write",
			"system/*.rs", "system/*.cruds", "system/*.read", "system/*.write");

	private final SecurityProperties properties;

	private final PublicAddress address;

	SmartConfiguration(SecurityProperties properties, PublicAddress address) {
		this.properties = properties;
		this.address = address;
	}

	public Endpoints endpoints(HttpServletRequest request) {
		if (properties.externalIdentityProvider()) {
			return new Endpoints(properties.issuerUri(), properties.authorizationEndpoint(),
					properties.tokenEndpoint(), null, null, properties.jwkSetUri());
		}
		String issuer = address.issuer(request);
		return new Endpoints(issuer, issuer + "/oauth2/authorize", issuer + "/oauth2/token",
				issuer + "/oauth2/introspect", issuer + "/oauth2/revoke", issuer + "/oauth2/jwks");
	}

	Map<String, Object> document(HttpServletRequest request) {
		Endpoints endpoints = endpoints(request);
		Map<String, Object> document = new LinkedHashMap<>();
		putIfPresent(document, "issuer", endpoints.issuer());
		putIfPresent(document, "jwks_uri", endpoints.jwks());
		putIfPresent(document, "authorization_endpoint", endpoints.authorize());
		putIfPresent(document, "token_endpoint", endpoints.token());
		putIfPresent(document, "introspection_endpoint", endpoints.introspect());
		putIfPresent(document, "revocation_endpoint", endpoints.revoke());
		document.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
		document.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "private_key_jwt"));
		document.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
		document.put("scopes_supported", SCOPES);
		document.put("response_types_supported", List.of("code"));
		document.put("code_challenge_methods_supported", List.of("S256"));
		document.put("capabilities", CAPABILITIES);
		return document;
	}

	private static void putIfPresent(Map<String, Object> document, String key, String value) {
		if (StringUtils.hasText(value)) {
			document.put(key, value);
		}
	}

	public record Endpoints(String issuer, String authorize, String token, String introspect, String revoke, String jwks) {
	}

}
