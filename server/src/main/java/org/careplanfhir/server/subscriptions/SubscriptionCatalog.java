package org.careplanfhir.server.subscriptions;

import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;

import org.careplanfhir.server.subscriptions.SubscriptionStore.State;

/**
 * What each subscription asks for, read from the version of its resource the client last wrote and
 * kept while that version stands: the dispatcher and the senders consult it for every change and
 * every delivery without reading the resource again.
 */
class SubscriptionCatalog {

	private final DaoRegistry daos;

	private final int defaultTimeoutSeconds;

	private final boolean allowHttp;

	private final Map<String, Entry> known = new ConcurrentHashMap<>();

	private record Entry(long version, Subscription resource, SubscriptionRequest request) {
	}

	SubscriptionCatalog(DaoRegistry daos, int defaultTimeoutSeconds, boolean allowHttp) {
		this.daos = daos;
		this.defaultTimeoutSeconds = defaultTimeoutSeconds;
		this.allowHttp = allowHttp;
	}

	/** What the subscription asks for; empty when its resource is gone or no longer reads as a backport subscription. */
	Optional<SubscriptionRequest> requestOf(State state) {
		return entry(state).map(Entry::request);
	}

	/** The topic canonical exactly as the client wrote it (with any version). */
	Optional<String> topicOf(State state) {
		return entry(state).map(entry -> entry.resource().getCriteria());
	}

	private Optional<Entry> entry(State state) {
		Entry entry = known.get(state.id());
		if (entry != null && entry.version() == state.resourceVersion()) {
			return Optional.ofNullable(entry.request() == null ? null : entry);
		}
		Subscription resource;
		try {
			resource = daos.getResourceDao(Subscription.class)
				.read(new IdType("Subscription", state.id(), Long.toString(state.resourceVersion())),
						new SystemRequestDetails());
		}
		catch (ResourceNotFoundException | ResourceGoneException gone) {
			return Optional.empty();
		}
		// Read under today's settings: an http endpoint accepted before they were tightened hears nothing more.
		SubscriptionRequest request = SubscriptionRequest.read(resource, allowHttp, defaultTimeoutSeconds, new ArrayList<>())
			.orElse(null);
		Entry read = new Entry(state.resourceVersion(), resource, request);
		known.put(state.id(), read);
		return Optional.ofNullable(request == null ? null : read);
	}

}
