package org.careplanfhir.server.subscriptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.HashMap;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.IndexedSearchParamExtractor;
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

	private final Matching matching;

	private final CallerRights callerRights;

	private final FhirAccessResolver accessResolver;

	private final DaoRegistry daos;

	private final TransactionTemplate transactions;

	private final NotificationDeliveries deliveries;

	EventDispatcher(SubscriptionStore store, SubscriptionCatalog catalog, Matching matching,
			CallerRights callerRights, FhirAccessResolver accessResolver, DaoRegistry daos,
			TransactionTemplate transactions, NotificationDeliveries deliveries, Duration pollInterval) {
		super("subscription-events", pollInterval);
		this.store = store;
		this.catalog = catalog;
		this.matching = matching;
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
			Judged judged = matching.judge(resource);
			for (Listener listener : listeners) {
				if (listener.safelyHears(change, judged)) {
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
		boolean safelyHears(Change change, Judged judged) {
			try {
				return hears(change, judged);
			}
			catch (RuntimeException unjudgeable) {
				log.warn("Subscription/{}: cannot judge {}, not sent: {}", state.id(), judged.resource().getIdElement(),
						unjudgeable.toString());
				return false;
			}
		}

		private boolean hears(Change change, Judged judged) {
			SubscriptionTopic topic = request.topic();
			if (!topic.triggeredBy(change.type(), change.interaction())) {
				return false;
			}
			String trigger = topic.triggerCriteria().get(change.type());
			if (trigger != null && !judged.matches(change.type() + "?" + trigger)) {
				return false;
			}
			String filter = request.filters().get(change.type());
			if (filter != null && !judged.matches(change.type() + "?" + filter)) {
				return false;
			}
			return callerRights.maySee(creator, judged.resource());
		}

	}


	/**
	 * Judges changed resources against criteria in memory, as HAPI's matcher does, but doing once
	 * what a change shares with every subscription: each criteria string is parsed once for good,
	 * and a resource's search-parameter values are extracted once, when the first filter needs them.
	 * Used by the dispatcher's one thread only.
	 */
	static final class Matching {

		private final FhirContext fhirContext;

		private final MatchUrlService matchUrls;

		private final IndexedSearchParamExtractor extractor;

		private final InMemoryResourceMatcher matcher;

		private final Map<String, SearchParameterMap> parsed = new HashMap<>();

		Matching(FhirContext fhirContext, MatchUrlService matchUrls, IndexedSearchParamExtractor extractor,
				InMemoryResourceMatcher matcher) {
			this.fhirContext = fhirContext;
			this.matchUrls = matchUrls;
			this.extractor = extractor;
			this.matcher = matcher;
		}

		Judged judge(IBaseResource resource) {
			return new Judged(this, resource, fhirContext.getResourceDefinition(resource));
		}

		private SearchParameterMap parse(String criteria, RuntimeResourceDefinition type) {
			return parsed.computeIfAbsent(criteria, key -> {
				SearchParameterMap map = matchUrls.translateMatchUrl(key, type);
				map.clean();
				return map;
			});
		}

	}

	/** One changed resource being judged, its search-parameter values extracted at most once. */
	static final class Judged {

		private final Matching matching;

		private final IBaseResource resource;

		private final RuntimeResourceDefinition type;

		private ResourceIndexedSearchParams indexed;

		Judged(Matching matching, IBaseResource resource, RuntimeResourceDefinition type) {
			this.matching = matching;
			this.resource = resource;
			this.type = type;
		}

		IBaseResource resource() {
			return resource;
		}

		boolean matches(String criteria) {
			SearchParameterMap map = matching.parse(criteria, type);
			if (indexed == null) {
				indexed = matching.extractor.extractIndexedSearchParams(resource, new SystemRequestDetails());
			}
			return matching.matcher.match(map, resource, type, indexed).matched();
		}

	}

}
