package org.careplanfhir.server.subscriptions;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;

/**
 * Writes a subscription's status into its resource when the server changes it (the handshake
 * answered, deliveries failing or recovering), so that a read or a search by {@code status} tells
 * the truth. The server's own write: no client hooks, no Provenance. A subscription the client
 * turned off meanwhile stays off.
 */
class SubscriptionStatusWriter {

	private final DaoRegistry daos;

	SubscriptionStatusWriter(DaoRegistry daos) {
		this.daos = daos;
	}

	void write(String id, String status, String error) {
		IFhirResourceDao<Subscription> subscriptions = daos.getResourceDao(Subscription.class);
		try {
			Subscription subscription = subscriptions.read(new IdType("Subscription", id), new SystemRequestDetails());
			if (subscription.getStatus() == SubscriptionStatus.OFF || status.equals(subscription.getStatus().toCode())) {
				return;
			}
			subscription.setStatus(SubscriptionStatus.fromCode(status));
			subscription.setError(error);
			subscriptions.update(subscription, new SystemRequestDetails());
		}
		catch (ResourceNotFoundException | ResourceGoneException gone) {
			// Deleted meanwhile: nothing to tell.
		}
	}

}
