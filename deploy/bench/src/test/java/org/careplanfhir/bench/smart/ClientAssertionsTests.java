package org.careplanfhir.bench.smart;

import java.net.URI;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAssertionsTests {

	private static final URI TOKEN_ENDPOINT = URI.create("http://localhost:8080/oauth2/token");

	@Test
	void claimsNameTheClientAsIssuerAndSubjectAndTheTokenEndpointAsAudienceForLessThanFiveMinutes() {
		JWTClaimsSet claims = ClientAssertions.claims("nightly-export", TOKEN_ENDPOINT);

		assertThat(claims.getIssuer()).isEqualTo("nightly-export");
		assertThat(claims.getSubject()).isEqualTo("nightly-export");
		assertThat(claims.getAudience()).containsExactly(TOKEN_ENDPOINT.toString());
		assertThat(claims.getExpirationTime()).isAfter(new Date())
			.isBefore(new Date(System.currentTimeMillis() + 300_000));
		assertThat(claims.getJWTID()).isNotEqualTo(ClientAssertions.claims("nightly-export", TOKEN_ENDPOINT).getJWTID());
	}

	@Test
	void rs384AndEs384AssertionsVerifyWithThePublicKeyAndCarryItsKeyId() throws Exception {
		RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		ECKey ec = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
		JWTClaimsSet claims = ClientAssertions.claims("nightly-export", TOKEN_ENDPOINT);

		SignedJWT byRsa = SignedJWT.parse(ClientAssertions.sign(rsa, JWSAlgorithm.RS384, claims));
		SignedJWT byEc = SignedJWT.parse(ClientAssertions.sign(ec, JWSAlgorithm.ES384, claims));

		assertThat(byRsa.verify(new RSASSAVerifier(rsa.toPublicJWK()))).isTrue();
		assertThat(byRsa.getHeader().getKeyID()).isEqualTo("rsa-1");
		assertThat(byRsa.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS384);
		assertThat(byEc.verify(new ECDSAVerifier(ec.toPublicJWK()))).isTrue();
		assertThat(byEc.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
	}

}
