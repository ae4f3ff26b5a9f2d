package org.careplanfhir.server.security.policy;

import java.util.Optional;

/**
 * Which payer a client acts for, as its registration says. Asked whenever a token of the client is
 * turned into a {@link FhirAccess}, so that a change of the registration holds from the next
 * request on, and for a subscription from its next event.
 */
@FunctionalInterface
public interface PayerBinding {

	/** The payer's Organization ({@code Organization/[id]}) the client is bound to, or empty. */
	Optional<String> payerOf(String clientId);

}
