package org.careplanfhir.server.security.policy;

import java.util.List;

/**
 * A token's grant as plain values: its scopes, its launch patient, its user and its client. Kept by
 * a capability that acts later for the caller (a subscription hears of changes with the rights its
 * creator had when it subscribed) and turned back into a {@link FhirAccess} then.
 *
 * @param scopes the scope values, as the token lists them
 * @param patient the launch patient's id, or null
 * @param fhirUser the user ({@code Practitioner/123}), or null
 * @param clientId the client the token was issued to, or null
 */
public record CallerGrant(List<String> scopes, String patient, String fhirUser, String clientId) {

	public CallerGrant {
		scopes = List.copyOf(scopes);
	}

}
