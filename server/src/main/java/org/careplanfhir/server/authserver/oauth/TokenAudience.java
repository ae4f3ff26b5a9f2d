package org.careplanfhir.server.authserver.oauth;

import java.util.List;

import org.careplanfhir.server.security.PublicAddress;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * What the FHIR endpoint requires of a token of the embedded authorization server besides its
 * signature: it has not expired, this server issued it ({@code iss} is the configured issuer), and
 * it was issued for this FHIR server ({@code aud} holds the configured FHIR base).
 */
final class TokenAudience {

	private TokenAudience() {
	}

	static OAuth2TokenValidator<Jwt> issuedHereFor(PublicAddress address) {
		String base = address.configuredFhirBase();
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(address.configuredIssuer()),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audiences -> audiences != null && audiences.contains(base)));
	}

}
