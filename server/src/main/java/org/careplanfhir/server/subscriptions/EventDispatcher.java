package org.careplanfhir.server.subscriptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.IndexedSearchParamExtractor;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.ResourceReferenceInfo;
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

	private final RecentWrites recentWrites;

	EventDispatcher(SubscriptionStore store, SubscriptionCatalog catalog, RecentWrites recentWrites, Matching matching,
			CallerRights callerRights, FhirAccessResolver accessResolver, DaoRegistry daos,
			TransactionTemplate transactions, NotificationDeliveries deliveries, Duration pollInterval) {
		super("subscription-events", pollInterval);
		this.store = store;
		this.catalog = catalog;
		this.recentWrites = recentWrites;
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
		recentWrites.listenersFound(!listeners.isEmpty());
		Map<String, List<Change>> heard = new LinkedHashMap<>();
		if (!listeners.isEmpty()) {
			Map<String, Set<String>> parameters = parametersJudged(listeners);
			for (Change change : changes) {
				IBaseResource resource = versionOf(change);
				if (resource == null) {
					continue;
				}
				Judged judged = matching.judge(resource, parameters.getOrDefault(change.type(), Set.of()));
				for (Listener listener : listeners) {
					if (listener.safelyHears(change, judged)) {
						heard.computeIfAbsent(listener.state().id(), id -> new ArrayList<>()).add(change);
					}
				}
			}
		}
		// Numbered once every change is judged, just before the commit: a subscription's row is then
		// locked only briefly, and a sender recording a delivery on it is not held up by the judging.
		int events = heard.isEmpty() ? 0 : store.numberEvents(heard);
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

	/**
	 * Per resource type, the search parameters some listener's trigger or filter asks about: only
	 * those are extracted. A criteria that no longer parses (a search parameter removed since) adds
	 * nothing here; judging it fails for its own subscription only, as {@link Listener} logs.
	 */
	private Map<String, Set<String>> parametersJudged(List<Listener> listeners) {
		Map<String, Set<String>> parameters = new HashMap<>();
		for (Listener listener : listeners) {
			listener.request.topic().triggerCriteria().forEach((type, query) -> addParameters(parameters, type, query));
			listener.request.filters().forEach((type, query) -> addParameters(parameters, type, query));
		}
		return parameters;
	}

	private void addParameters(Map<String, Set<String>> parameters, String type, String query) {
		try {
			parameters.computeIfAbsent(type, key -> new HashSet<>()).addAll(matching.parametersOf(type + "?" + query));
		}
		catch (RuntimeException unparsable) {
			// Judged with every parameter extracted, and refused, in Listener.safelyHears.
		}
	}

	/** The version changed, as its writer held it when this node wrote it, else read from the database. */
	private IBaseResource versionOf(Change change) {
		IBaseResource written = recentWrites.take(change.type(), change.resourceId(), change.version());
		if (written != null) {
			return written;
		}
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
	 * and a resource's search-parameter values are extracted once, when the first filter needs them,
	 * and only for the parameters the listening subscriptions' criteria name.
	 * Used by the dispatcher's one thread only.
	 */
	static final class Matching {

		private final FhirContext fhirContext;

		private final MatchUrlService matchUrls;

		private final IndexedSearchParamExtractor extractor;

		private final InMemoryResourceMatcher matcher;

		private final FhirTerser terser;

		private final Map<String, SearchParameterMap> parsed = new HashMap<>();

		Matching(FhirContext fhirContext, MatchUrlService matchUrls, IndexedSearchParamExtractor extractor,
				InMemoryResourceMatcher matcher) {
			this.fhirContext = fhirContext;
			this.terser = fhirContext.newTerser();
			this.matchUrls = matchUrls;
			this.extractor = extractor;
			this.matcher = matcher;
		}

		/** A resource to judge; only {@code parameters} are extracted from it, as the criteria judged need no others. */
		Judged judge(IBaseResource resource, Set<String> parameters) {
			return new Judged(this, resource, fhirContext.getResourceDefinition(resource), parameters);
		}

		/** The search parameters a criteria ({@code Type?query}) tests. */
		Set<String> parametersOf(String criteria) {
			String type = criteria.substring(0, criteria.indexOf('?'));
			return parse(criteria, fhirContext.getResourceDefinition(type)).keySet();
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

		private final Set<String> parameters;

		private ResourceIndexedSearchParams indexed;

		private Set<String> referencedIds;

		Judged(Matching matching, IBaseResource resource, RuntimeResourceDefinition type, Set<String> parameters) {
			this.matching = matching;
			this.resource = resource;
			this.type = type;
			this.parameters = parameters;
		}

		IBaseResource resource() {
			return resource;
		}

		boolean matches(String criteria) {
			SearchParameterMap map = matching.parse(criteria, type);
			if (!mayMatch(map)) {
				return false;
			}
			if (indexed == null) {
				Set<String> extracted = parameters.containsAll(map.keySet()) ? parameters : null;
				indexed = matching.extractor.extractIndexedSearchParams(resource, new SystemRequestDetails(),
						extracted == null ? ISearchParamExtractor.ALL_PARAMS
								: all -> all.stream().filter(parameter -> extracted.contains(parameter.getName())).toList());
			}
			return matching.matcher.match(map, resource, type, indexed).matched();
		}

		/**
		 * False when the criteria cannot match, decided without the matcher: a plain reference value
		 * ({@code patient=Patient/123}) matches only a resource that refers to that id somewhere.
		 * Most subscriptions follow their own patients, so most of them are settled here, by a
		 * lookup in the ids this resource refers to, found once.
		 */
		private boolean mayMatch(SearchParameterMap map) {
			for (List<List<IQueryParameterType>> and : map.values()) {
				for (List<IQueryParameterType> anyOf : and) {
					if (!anyOf.isEmpty() && anyOf.stream().allMatch(Judged::plainReference)
							&& anyOf.stream().noneMatch(value -> referencedIds().contains(((ReferenceParam) value).getIdPart()))) {
						return false;
					}
				}
			}
			return true;
		}

		private static boolean plainReference(IQueryParameterType value) {
			return value instanceof ReferenceParam reference && !reference.hasChain() && !reference.isMdmExpand()
					&& reference.getMissing() == null && reference.getIdPart() != null && !reference.getIdPart().isEmpty();
		}

		private Set<String> referencedIds() {
			if (referencedIds == null) {
				referencedIds = new HashSet<>();
				for (ResourceReferenceInfo reference : matching.terser.getAllResourceReferences(resource)) {
					String idPart = reference.getResourceReference().getReferenceElement().getIdPart();
					if (idPart != null) {
						referencedIds.add(idPart);
					}
				}
			}
			return referencedIds;
		}

	}

}
