package org.careplanfhir.server.security;

import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The two other ways to run: accepting tokens from an external identity provider (here a key set
 * served over HTTP by the test, standing in for Keycloak, Okta or Entra), and with security off.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityModesIntegrationTests {

	private static final String ISSUER = "https://idp.example.org/realms/care";

	@Test
	void tokensOfAnExternalIdentityProviderAreAcceptedAndConfined() throws Exception {
		RSAKey idpKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
		try (LocalKeySet keySet = LocalKeySet.serving(new JWKSet(idpKey));
				StandaloneServer server = StandaloneServer.start(StandaloneServer.newDataDirectory(),
				Map.of("careplan.security.issuer-uri", ISSUER, "careplan.security.jwk-set-uri", keySet.url(),
						"careplan.security.audience", "careplan",
						"careplan.security.authorization-endpoint", ISSUER + "/protocol/openid-connect/auth",
						"careplan.security.token-endpoint", ISSUER + "/protocol/openid-connect/token"))) {
			String system = sign(idpKey, claims().claim("scope", "system/*.cruds").build());
			String patientA = create(server, system, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Ames\"}]}");
			String patientB = create(server, system, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Bates\"}]}");

			String patientToken = sign(idpKey, claims().claim("scope", "openid patient/*.rs").claim("patient", patientA).build());
			fhir(server, patientToken).get("/Patient/" + patientA).then().statusCode(200);
			fhir(server, patientToken).get("/Patient/" + patientB).then().statusCode(403);
			fhir(server, patientToken).get("/Patient").then().statusCode(200).body("total", equalTo(1));

			String scpToken = sign(idpKey, claims().claim("scp", java.util.List.of("system/Patient.rs")).build());
			fhir(server, scpToken).get("/Patient/" + patientB).then().statusCode(200);
			fhir(server, scpToken).get("/CarePlan").then().statusCode(403);

			// A bulk export belongs to the client the provider names (azp here, as Keycloak and Entra do).
			String etl = sign(idpKey, claims().claim("azp", "nightly-etl").claim("scope", "system/Patient.rs").build());
			String otherService = sign(idpKey, claims().claim("azp", "billing").claim("scope", "system/Patient.rs").build());
			String status = fhir(server, etl).header("Prefer", "respond-async").get("/$export?_type=Patient").then()
				.statusCode(202)
				.extract()
				.header("Content-Location");
			fhir(server, otherService).get(status).then().statusCode(404);
			fhir(server, etl).get(status).then().statusCode(org.hamcrest.Matchers.oneOf(200, 202));

			RSAKey stranger = new RSAKeyGenerator(2048).keyID("idp-1").generate();
			fhir(server, sign(stranger, claims().claim("scope", "system/*.rs").build())).get("/Patient").then()
				.statusCode(401);
			fhir(server, sign(idpKey, claims().issuer("https://other.example.org").claim("scope", "system/*.rs").build()))
				.get("/Patient").then().statusCode(401);
			fhir(server, sign(idpKey, claims().audience("another-api").claim("scope", "system/*.rs").build()))
				.get("/Patient").then().statusCode(401);
			fhir(server, sign(idpKey, claims().expirationTime(new Date(System.currentTimeMillis() - 120_000))
				.claim("scope", "system/*.rs").build())).get("/Patient").then().statusCode(401);

			given().port(server.port()).basePath("/fhir").get("/.well-known/smart-configuration").then()
				.statusCode(200)
				.body("issuer", equalTo(ISSUER))
				.body("authorization_endpoint", equalTo(ISSUER + "/protocol/openid-connect/auth"))
				.body("token_endpoint", equalTo(ISSUER + "/protocol/openid-connect/token"))
				.body("jwks_uri", equalTo(keySet.url()));
			given().port(server.port()).basePath("").get("/.well-known/openid-configuration").then().statusCode(404);
		}
	}

	@Test
	void withSecurityOffEverythingIsOpenAndTheLogSaysSoLoudly(CapturedOutput output) {
		try (StandaloneServer server = StandaloneServer.start(StandaloneServer.newDataDirectory(),
				Map.of("careplan.security.enabled", "false"))) {
			given().port(server.port()).basePath("/fhir").contentType("application/fhir+json")
				.body("{\"resourceType\":\"Patient\"}").post("/Patient").then().statusCode(201);
			given().port(server.port()).basePath("/fhir").get("/Patient").then().statusCode(200);
			given().port(server.port()).basePath("/fhir").get("/$export-poll-status").then().statusCode(400)
				.body("issue[0].diagnostics", containsString("_jobId"));
			assertThat(output.getOut()).contains("SECURITY IS DISABLED");
		}
	}

	private static String create(StandaloneServer server, String token, String json) {
		return fhir(server, token).body(json).post("/Patient").then().statusCode(201).extract().path("id");
	}

	private static RequestSpecification fhir(StandaloneServer server, String token) {
		return given().port(server.port()).basePath("/fhir").auth().oauth2(token)
			.contentType("application/fhir+json").accept("application/fhir+json");
	}

	private static JWTClaimsSet.Builder claims() {
		return new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience("careplan")
			.expirationTime(new Date(System.currentTimeMillis() + 300_000)).issueTime(new Date());
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
