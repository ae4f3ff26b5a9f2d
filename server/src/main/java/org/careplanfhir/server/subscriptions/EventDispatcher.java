package org.careplanfhir.server.subscriptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.careplanfhir.server.security.policy.CallerRights;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.subscriptions.SubscriptionStore.Change;
import org.careplanfhir.server.subscriptions.SubscriptionStore.State;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns recorded changes into numbered events, one transaction per batch: it takes the oldest
 * changes, judges each against every listening subscription (the topic's trigger, the
 * subscription's filters, and whether its creator's grant may see the resource), numbers an event
 * for each that matches, and forgets the changes, all or nothing. Event numbers therefore live in
 * PostgreSQL and only grow, across restarts and nodes; an advisory lock lets one node number at a
 * time. Woken after every commit that recorded a change, and every poll interval otherwise.
 */
class EventDispatcher extends Worker {

	private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

	private static final int BATCH = 500;

	private final SubscriptionStore store;

	private final SubscriptionCatalog catalog;

	private final SearchParamMatcher matcher;

	private final CallerRights callerRights;

	private final FhirAccessResolver accessResolver;

	private final DaoRegistry daos;

	private final TransactionTemplate transactions;

	private final NotificationDeliveries deliveries;

	EventDispatcher(SubscriptionStore store, SubscriptionCatalog catalog, SearchParamMatcher matcher,
			CallerRights callerRights, FhirAccessResolver accessResolver, DaoRegistry daos,
			TransactionTemplate transactions, NotificationDeliveries deliveries, Duration pollInterval) {
		super("subscription-events", pollInterval);
		this.store = store;
		this.catalog = catalog;
		this.matcher = matcher;
		this.callerRights = callerRights;
		this.accessResolver = accessResolver;
		this.daos = daos;
		this.transactions = transactions;
		this.deliveries = deliveries;
	}

	@Override
	protected void work() {
		Batch batch;
		do {
			batch = transactions.execute(status -> dispatchBatch());
			if (batch != null && batch.events() > 0) {
				deliveries.wake();
			}
		}
		while (batch != null && batch.changes() == BATCH);
	}

	private record Batch(int changes, int events) {
	}

	/** One batch of changes: how many it took (BATCH when more may wait) and how many events it numbered. */
	private Batch dispatchBatch() {
		if (!store.lockDispatch()) {
			return null;
		}
		List<Change> changes = store.claimChanges(BATCH);
		if (changes.isEmpty()) {
			return null;
		}
		List<Listener> listeners = listeners();
		int events = 0;
		for (Change change : changes) {
			IBaseResource resource = listeners.isEmpty() ? null : versionOf(change);
			if (resource == null) {
				continue;
			}
			for (Listener listener : listeners) {
				if (listener.safelyHears(change, resource)) {
					long number = store.nextEventNumber(listener.state().id());
					store.addEvent(listener.state().id(), number,
							change.type() + "/" + change.resourceId() + "/_history/" + change.version(), change.interaction(),
							change.changedAt());
					events++;
				}
			}
		}
		store.forgetChanges(changes);
		if (events > 0) {
			log.debug("Numbered {} subscription events for {} changes", events, changes.size());
		}
		return new Batch(changes.size(), events);
	}

	private List<Listener> listeners() {
		List<Listener> listeners = new ArrayList<>();
		for (State state : store.listening()) {
			catalog.requestOf(state).ifPresent(request -> listeners
				.add(new Listener(state, request, accessResolver.actingAs(state.grant()))));
		}
		return listeners;
	}

	private IBaseResource versionOf(Change change) {
		try {
			return daos.getResourceDao(change.type())
				.read(new IdType(change.type(), change.resourceId(), Long.toString(change.version())),
						new SystemRequestDetails());
		}
		catch (ResourceNotFoundException | ResourceGoneException gone) {
			return null;
		}
	}

	/** One subscription as the dispatcher judges changes for it, with its creator's rights. */
	private final class Listener {

		private final State state;

		private final SubscriptionRequest request;

		private final RequestDetails creator;

		Listener(State state, SubscriptionRequest request, RequestDetails creator) {
			this.state = state;
			this.request = request;
			this.creator = creator;
		}

		State state() {
			return state;
		}

		/**
		 * A change that cannot be judged for one subscription is not sent to it, and is logged; it
		 * must not stop every other subscription from hearing of it, as a failed batch would.
		 */
		boolean safelyHears(Change change, IBaseResource resource) {
			try {
				return hears(change, resource);
			}
			catch (RuntimeException unjudgeable) {
				log.warn("Subscription/{}: cannot judge {}, not sent: {}", state.id(), resource.getIdElement(),
						unjudgeable.toString());
				return false;
			}
		}

		private boolean hears(Change change, IBaseResource resource) {
			SubscriptionTopic topic = request.topic();
			if (!topic.triggeredBy(change.type(), change.interaction())) {
				return false;
			}
			String trigger = topic.triggerCriteria().get(change.type());
			if (trigger != null && !matches(change.type() + "?" + trigger, resource)) {
				return false;
			}
			String filter = request.filters().get(change.type());
			if (filter != null && !matches(change.type() + "?" + filter, resource)) {
				return false;
			}
			return callerRights.maySee(creator, resource);
		}

		private boolean matches(String criteria, IBaseResource resource) {
			try {
				return matcher.match(criteria, resource, creator).matched();
			}
			catch (RuntimeException unjudgeable) {
				log.warn("Subscription/{}: cannot judge {} against {}: {}", state.id(), resource.getIdElement(), criteria,
						unjudgeable.getMessage());
				return false;
			}
		}

	}

}
