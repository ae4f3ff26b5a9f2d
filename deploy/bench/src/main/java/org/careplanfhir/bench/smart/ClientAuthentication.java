package org.careplanfhir.bench.smart;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;

/** How a client proves who it is at the token endpoint. */
public sealed interface ClientAuthentication {

	/** Adds the client's credentials to a token request: a header, form fields, or both. */
	void addTo(HttpRequest.Builder request, Map<String, String> form, URI tokenEndpoint);

	/** A public app (no secret): it names itself in the {@code client_id} field; PKCE protects its code. */
	static ClientAuthentication publicClient(String clientId) {
		return new PublicClient(clientId);
	}

	/** A confidential client with a secret, sent as HTTP Basic ({@code client_secret_basic}). */
	static ClientAuthentication secretBasic(String clientId, String secret) {
		return new SecretBasic(clientId, secret);
	}

	/** A backend service signing a fresh assertion for every request ({@code private_key_jwt}). */
	static ClientAuthentication privateKeyJwt(String clientId, JWK key, JWSAlgorithm algorithm) {
		return new PrivateKeyJwt(clientId, key, algorithm);
	}

	/** An assertion signed already, sent as it is: for tests of assertions that are wrong on purpose. */
	static ClientAuthentication signedAssertion(String assertion) {
		return new SignedAssertion(assertion);
	}

	record PublicClient(String clientId) implements ClientAuthentication {

		@Override
		public void addTo(HttpRequest.Builder request, Map<String, String> form, URI tokenEndpoint) {
			form.put("client_id", clientId);
		}

	}

	record SecretBasic(String clientId, String secret) implements ClientAuthentication {

		@Override
		public void addTo(HttpRequest.Builder request, Map<String, String> form, URI tokenEndpoint) {
			// RFC 6749 2.3.1: both are form-encoded before they are joined and base64-encoded.
			String credentials = Forms.encode(clientId) + ":" + Forms.encode(secret);
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}

	}

	record PrivateKeyJwt(String clientId, JWK key, JWSAlgorithm algorithm) implements ClientAuthentication {

		@Override
		public void addTo(HttpRequest.Builder request, Map<String, String> form, URI tokenEndpoint) {
			new SignedAssertion(ClientAssertions.sign(key, algorithm, ClientAssertions.claims(clientId, tokenEndpoint)))
				.addTo(request, form, tokenEndpoint);
		}

	}

	/** SMART Backend Services send no {@code client_id}: the assertion's issuer names the client. */
	record SignedAssertion(String assertion) implements ClientAuthentication {

		@Override
		public void addTo(HttpRequest.Builder request, Map<String, String> form, URI tokenEndpoint) {
			form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
			form.put("client_assertion", assertion);
		}

	}

}
