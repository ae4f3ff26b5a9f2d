package org.careplanfhir.server.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.StandaloneServer;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The public base URL is configuration: a client that names another host gets tokens, discovery and
 * links for the configured one, and the FHIR endpoint refuses a token (even one signed with this
 * server's own key) whose issuer or audience is not this server's.
 */
class PublicAddressIntegrationTests extends FhirServerTest {

	@Value("${careplan.data-dir}")
	private Path dataDir;

	private String issuer() {
		return "http://localhost:" + port;
	}

	@Test
	void aTokenAskedForThroughAnotherHostIsStillIssuedByAndForThisServer() {
		JsonPath token = given().basePath("").header("Host", "other-server.example").auth().preemptive()
			.basic(TestTokens.BACKEND, TestTokens.BACKEND_SECRET)
			.formParam("grant_type", "client_credentials").formParam("scope", "system/Patient.rs")
			.post("/oauth2/token").then().statusCode(200).extract().jsonPath();

		Map<String, Object> claims = claims(token.getString("access_token"));
		assertThat(claims.get("iss")).isEqualTo(issuer());
		assertThat(claims.get("aud")).isIn(issuer() + "/fhir", List.of(issuer() + "/fhir"));
		given().header("Host", "evil.example").get("/.well-known/smart-configuration").then().statusCode(200)
			.body("token_endpoint", equalTo(issuer() + "/oauth2/token"));
	}

	@Test
	void aTokenSignedWithThisServersKeyButForAnotherAudienceOrIssuerIsRefused() throws Exception {
		RSAKey key = (RSAKey) JWKSet.parse(Files.readString(dataDir.resolve("security/signing-keys.json")))
			.getKeys().get(0);

		given().auth().oauth2(sign(key, issuer(), "https://other-server.example/fhir")).get("/Patient")
			.then().statusCode(401).body("issue[0].diagnostics", containsString("aud"));
		given().auth().oauth2(sign(key, "https://other-server.example", issuer() + "/fhir")).get("/Patient")
			.then().statusCode(401).body("issue[0].diagnostics", containsString("iss"));
	}

	@Test
	void withSecurityOnAServerWithoutAUsablePublicAddressDoesNotStart() {
		for (String address : List.of("", "http://localhost:0/fhir", "fhir.example.org/fhir")) {
			assertThatThrownBy(() -> StandaloneServer.start(StandaloneServer.newDataDirectory(),
					Map.of("careplan.fhir.server-address", address)).close())
				.hasStackTraceContaining("careplan.fhir.server-address");
		}
	}

	private static String sign(RSAKey key, String issuer, String audience) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("intruder")
			.claim("scope", "system/*.cruds").claim("client_id", TestTokens.BACKEND)
			.expirationTime(Date.from(Instant.now().plusSeconds(300))).issueTime(new Date()).build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static Map<String, Object> claims(String jwt) {
		String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
		return JsonPath.from(payload).getMap("");
	}

}
