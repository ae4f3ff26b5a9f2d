package org.careplanfhir.server.security;

import java.io.IOException;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.careplanfhir.bench.smart.ClientAssertions;
import org.careplanfhir.bench.smart.ClientAuthentication;
import org.careplanfhir.bench.smart.SmartServer;
import org.careplanfhir.bench.smart.TokenEndpoint;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * SMART Backend Services: clients registered through the admin API with an inline key set (RS384
 * and ES384) or a key set URL, authenticating with signed client assertions and no
 * {@code client_id} field, and every way an assertion can be wrong.
 */
class BackendServicesIntegrationTests extends FhirServerTest {

	private static RSAKey rsaKey;

	private static ECKey ecKey;

	private static RSAKey servedKey;

	private static LocalKeySet keyServer;

	private static final String RSA_CLIENT = "backend-rsa-" + UUID.randomUUID();

	private static final String EC_CLIENT = "backend-ec-" + UUID.randomUUID();

	private static final String URL_CLIENT = "backend-url-" + UUID.randomUUID();

	@BeforeEach
	void registerClientsOnce() throws Exception {
		if (rsaKey != null) {
			return;
		}
		rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		ecKey = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
		servedKey = new RSAKeyGenerator(2048).keyID("served-1").generate();
		keyServer = LocalKeySet.serving(new JWKSet(servedKey));
		register(RSA_CLIENT, Map.of("jwks", new JWKSet(rsaKey.toPublicJWK()).toString()));
		register(EC_CLIENT, Map.of("jwks", new JWKSet(ecKey.toPublicJWK()).toString()));
		register(URL_CLIENT, Map.of("jwksUri", keyServer.url()));
	}

	@AfterAll
	static void stopKeyServer() {
		if (keyServer != null) {
			keyServer.close();
		}
	}

	@Test
	void signedAssertionsGetShortLivedTokensWithoutRefresh() {
		for (Object[] client : List.of(new Object[] { RSA_CLIENT, rsaKey, JWSAlgorithm.RS384 },
				new Object[] { EC_CLIENT, ecKey, JWSAlgorithm.ES384 },
				new Object[] { URL_CLIENT, servedKey, JWSAlgorithm.RS384 })) {
			Response tokens = tokenRequest(
					ClientAuthentication.privateKeyJwt((String) client[0], (JWK) client[1], (JWSAlgorithm) client[2]),
					"system/*.rs");
			tokens.then()
				.statusCode(200)
				.body("token_type", equalTo("Bearer"))
				.body("scope", equalTo("system/*.rs"))
				.body("refresh_token", nullValue());
			assertThat(tokens.jsonPath().getInt("expires_in")).isBetween(1, 300);
			given().auth().oauth2(tokens.jsonPath().getString("access_token")).get("/Patient?_count=1").then().statusCode(200);
		}
		tokenRequest(assertion(RSA_CLIENT, rsaKey, JWSAlgorithm.RS384, claims(RSA_CLIENT)), "system/Patient.read")
			.then()
			.statusCode(200);
	}

	@Test
	void badAssertionsAreInvalidClient() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		assertInvalidClient(assertion(RSA_CLIENT, stranger, JWSAlgorithm.RS384, claims(RSA_CLIENT)));
		RSAKey unknownKid = new RSAKeyGenerator(2048).keyID("nobody").generate();
		assertInvalidClient(assertion(RSA_CLIENT, unknownKid, JWSAlgorithm.RS384, claims(RSA_CLIENT)));
		assertInvalidClient(assertion(RSA_CLIENT, rsaKey, JWSAlgorithm.RS384,
				new JWTClaimsSet.Builder(claims(RSA_CLIENT)).audience("https://elsewhere.example.org/token").build()));
		assertInvalidClient(assertion(RSA_CLIENT, rsaKey, JWSAlgorithm.RS384,
				new JWTClaimsSet.Builder(claims(RSA_CLIENT)).expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build()));
		assertInvalidClient(assertion(RSA_CLIENT, rsaKey, JWSAlgorithm.RS384,
				new JWTClaimsSet.Builder(claims(RSA_CLIENT)).subject("someone-else").build()));
		assertInvalidClient(assertion(RSA_CLIENT, rsaKey, JWSAlgorithm.RS256, claims(RSA_CLIENT)));

		String once = assertion(RSA_CLIENT, rsaKey, JWSAlgorithm.RS384, claims(RSA_CLIENT));
		tokenRequest(once, "system/*.rs").then().statusCode(200);
		assertInvalidClient(once);
	}

	@Test
	void scopesBeyondTheRegistrationOrAWrongGrantAreRefused() throws Exception {
		tokenRequest(assertion(RSA_CLIENT, rsaKey, JWSAlgorithm.RS384, claims(RSA_CLIENT)), "system/*.cruds")
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_scope"));
		RestAssuredResponses.of(tokenEndpoint(ClientAuthentication.privateKeyJwt(RSA_CLIENT, rsaKey, JWSAlgorithm.RS384))
			.post(Map.of("grant_type", "password")))
			.then()
			.statusCode(400);
	}

	@Test
	void aScopeForAnUnknownTypeOrWithAnUnknownOrMalformedFilterOrNoScopeAtAllIsInvalidScope() {
		ClientAuthentication client = ClientAuthentication.privateKeyJwt(RSA_CLIENT, rsaKey, JWSAlgorithm.RS384);
		for (String scope : List.of("system/UnknownResource.read", "system/UnknownResource.r", "",
				"system/Patient.rs?a=b", "system/Patient.rs?gender", "system/Patient.rs?=female",
				"system/Patient.rs system/Observation.rs?code:in=x&nonsense=1", "system/*.rs?gender=female")) {
			tokenRequest(client, scope).then()
				.statusCode(400)
				.body("error", equalTo("invalid_scope"));
		}
		RestAssuredResponses.of(tokenEndpoint(client).post(Map.of("grant_type", "client_credentials")))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_scope"));
		tokenRequest(client, "system/Patient.rs?gender=female system/Observation.rs?category=vital-signs&_lastUpdated=ge2020")
			.then()
			.statusCode(200)
			.body("scope", equalTo("system/Patient.rs?gender=female system/Observation.rs?category=vital-signs&_lastUpdated=ge2020"));
	}

	@Test
	void anAssertionNamingAKeySetUrlOtherThanTheRegisteredOneIsInvalidClient() {
		assertInvalidClient(signedWithKeySetUrl(RSA_CLIENT, rsaKey, "https://attacker.example.org/jwks.json"));
		assertInvalidClient(signedWithKeySetUrl(URL_CLIENT, servedKey, "https://attacker.example.org/jwks.json"));
		tokenRequest(signedWithKeySetUrl(URL_CLIENT, servedKey, keyServer.url()), "system/*.rs").then().statusCode(200);
	}

	private String signedWithKeySetUrl(String clientId, RSAKey key, String keySetUrl) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID())
			.type(JOSEObjectType.JWT).jwkURL(URI.create(keySetUrl)).build(), claims(clientId));
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
		return jwt.serialize();
	}

	private void assertInvalidClient(String assertion) {
		tokenRequest(assertion, "system/*.rs").then().statusCode(401).body("error", equalTo("invalid_client"));
	}

	private Response tokenRequest(String assertion, String scope) {
		return tokenRequest(ClientAuthentication.signedAssertion(assertion), scope);
	}

	private Response tokenRequest(ClientAuthentication client, String scope) {
		return RestAssuredResponses
			.of(tokenEndpoint(client).post(Map.of("grant_type", "client_credentials", "scope", scope)));
	}

	private TokenEndpoint tokenEndpoint(ClientAuthentication client) {
		return new TokenEndpoint(SmartServer.onLocalPort(port), client);
	}

	private JWTClaimsSet claims(String clientId) {
		return ClientAssertions.claims(clientId, SmartServer.onLocalPort(port).tokenEndpoint());
	}

	private static String assertion(String clientId, JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
		return ClientAssertions.sign(key, algorithm, claims);
	}

	private void register(String clientId, Map<String, String> keys) throws IOException {
		Map<String, Object> client = new java.util.HashMap<>(Map.of("clientId", clientId, "name", "Nightly export",
				"authMethod", "private_key_jwt", "scopes", List.of("system/*.rs")));
		client.putAll(keys);
		AdminApi.registerClient(clientId, client).body("grantTypes", org.hamcrest.Matchers.contains("client_credentials"));
	}

}
