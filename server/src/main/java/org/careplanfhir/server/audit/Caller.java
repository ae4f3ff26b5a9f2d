package org.careplanfhir.server.audit;

import org.careplanfhir.server.security.policy.FhirAccessResolver;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is behind a request, as the audit trail names them: the person's FHIR resource, the token's
 * subject (or the account's name), and the client app.
 */
record Caller(String user, String subject, String client) {

	static final Caller UNKNOWN = new Caller(null, null, null);

	static Caller of(Authentication authentication) {
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken
				|| !authentication.isAuthenticated()) {
			return UNKNOWN;
		}
		if (authentication instanceof JwtAuthenticationToken token) {
			Jwt jwt = token.getToken();
			String fhirUser = jwt.getClaimAsString("fhirUser");
			String client = FhirAccessResolver.clientIdOf(jwt);
			String subject = jwt.getSubject();
			return new Caller(fhirUser == null ? null : relative(fhirUser), subject == null || subject.equals(client) ? null
					: subject, client);
		}
		return new Caller(null, authentication.getName(), null);
	}

	/** {@code Practitioner/7} of an absolute {@code fhirUser}, as the server's own references are written. */
	private static String relative(String fhirUser) {
		String[] parts = fhirUser.split("/");
		return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : fhirUser;
	}

}
