package org.careplanfhir.bench.smart;

import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Client assertions for SMART Backend Services ({@code private_key_jwt}): a JWT the client signs
 * with its private key (RS384 or ES384) to authenticate at the token endpoint.
 */
public final class ClientAssertions {

	/** SMART allows at most five minutes; a little less leaves room for clock skew. */
	private static final Duration LIFETIME = Duration.ofMinutes(4);

	private ClientAssertions() {
	}

	/** The claims SMART asks for: the client as issuer and subject, the token endpoint as audience, a unique id. */
	public static JWTClaimsSet claims(String clientId, URI tokenEndpoint) {
		return new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(tokenEndpoint.toString())
			.expirationTime(new Date(System.currentTimeMillis() + LIFETIME.toMillis()))
			.jwtID(UUID.randomUUID().toString())
			.build();
	}

	/** The claims signed with the key (an RSA or EC private key, whose {@code kid} goes in the header). */
	public static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
		try {
			jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
		}
		catch (JOSEException e) {
			throw new IllegalArgumentException("Cannot sign with " + algorithm + " and key " + key.getKeyID(), e);
		}
		return jwt.serialize();
	}

}
