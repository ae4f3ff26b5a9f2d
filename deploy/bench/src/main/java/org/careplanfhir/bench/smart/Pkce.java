package org.careplanfhir.bench.smart;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Proof Key for Code Exchange (RFC 7636) with S256, which SMART App Launch requires: the app keeps
 * the verifier and sends its SHA-256 challenge with the authorization request.
 */
record Pkce(String verifier, String challenge) {

	private static final SecureRandom RANDOM = new SecureRandom();

	static Pkce create() {
		String verifier = randomToken();
		return new Pkce(verifier, challengeOf(verifier));
	}

	static String challengeOf(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java runtime has SHA-256", e);
		}
	}

	/** 32 random bytes, base64url: 43 characters, as RFC 7636 recommends (also used for {@code state}). */
	static String randomToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
