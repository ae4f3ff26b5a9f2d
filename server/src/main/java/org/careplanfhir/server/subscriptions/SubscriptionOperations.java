package org.careplanfhir.server.subscriptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

import org.careplanfhir.server.security.policy.SmartScope.Permission;
import org.careplanfhir.server.subscriptions.Backport.Content;
import org.careplanfhir.server.subscriptions.Backport.NotificationType;
import org.careplanfhir.server.subscriptions.SubscriptionStore.Event;
import org.careplanfhir.server.subscriptions.SubscriptionStore.State;

/**
 * The backport's operations on subscriptions: {@code $status} (one, or every one the caller owns,
 * as a {@code searchset} Bundle of status Parameters) and {@code $events} (past events replayed in
 * a notification Bundle, as far back as the event retention keeps them).
 */
class SubscriptionOperations {

	/** The most events one {@code $events} answer carries; a client asks again from the last it got. */
	static final int MOST_EVENTS = 1000;

	private final SubscriptionStore store;

	private final SubscriptionCatalog catalog;

	private final NotificationBundles bundles;

	private final SubscriptionOwnership ownership;

	SubscriptionOperations(SubscriptionStore store, SubscriptionCatalog catalog, NotificationBundles bundles,
			SubscriptionOwnership ownership) {
		this.store = store;
		this.catalog = catalog;
		this.bundles = bundles;
		this.ownership = ownership;
	}

	@Description(shortDefinition = "The status of this subscription: status, events since it started, last error")
	@Operation(name = SubscriptionAccess.STATUS, typeName = "Subscription", idempotent = true,
			canonicalUrl = Backport.STATUS_OPERATION)
	public Bundle statusOfOne(@IdParam IdType id, RequestDetails request) {
		return searchset(List.of(owned(id, request)));
	}

	@Description(shortDefinition = "The status of the caller's subscriptions, or of those named in 'id', optionally only those in a 'status'")
	@Operation(name = SubscriptionAccess.STATUS, typeName = "Subscription", idempotent = true,
			canonicalUrl = Backport.STATUS_OPERATION)
	public Bundle statusOfMany(@OperationParam(name = "id") List<StringType> ids,
			@OperationParam(name = "status") List<CodeType> statuses, RequestDetails request) {
		Set<String> wantedStatuses = statuses == null ? Set.of()
				: statuses.stream().map(CodeType::getValue).collect(Collectors.toSet());
		List<State> states = new ArrayList<>();
		if (ids != null && !ids.isEmpty()) {
			for (StringType id : ids) {
				String idPart = new IdType(id.getValue()).getIdPart();
				store.state(idPart).filter(state -> ownership.owns(request, idPart, Permission.READ)).ifPresent(states::add);
			}
		}
		else {
			store.all().stream().filter(state -> ownership.owns(request, state.id(), Permission.READ)).forEach(states::add);
		}
		return searchset(states.stream().filter(state -> wantedStatuses.isEmpty() || wantedStatuses.contains(state.status()))
			.toList());
	}

	@Description(shortDefinition = "Replays this subscription's past events, from eventsSinceNumber to eventsUntilNumber")
	@Operation(name = SubscriptionAccess.EVENTS, typeName = "Subscription", idempotent = true,
			canonicalUrl = Backport.EVENTS_OPERATION)
	public Bundle events(@IdParam IdType id,
			@OperationParam(name = "eventsSinceNumber", max = 1) StringType since,
			@OperationParam(name = "eventsUntilNumber", max = 1) StringType until,
			@OperationParam(name = "content", max = 1) CodeType content, RequestDetails request) {
		State state = owned(id, request);
		SubscriptionRequest subscription = catalog.requestOf(state).orElseThrow(() -> new ResourceNotFoundException(id));
		long from = eventNumber(since, "eventsSinceNumber", 1);
		long to = eventNumber(until, "eventsUntilNumber", state.eventsTotal());
		if (from > to) {
			throw new InvalidRequestException("eventsSinceNumber (" + from + ") is after eventsUntilNumber (" + to + ")");
		}
		Content asked = subscription.content();
		if (content != null && content.hasValue()) {
			asked = Optional.ofNullable(Content.of(content.getValue())).orElseThrow(() -> new InvalidRequestException(
					"Unknown content '" + content.getValue() + "': empty, id-only or full-resource"));
		}
		List<Event> events = store.events(state.id(), Math.max(1, from), to, MOST_EVENTS);
		String topic = catalog.topicOf(state).orElse(subscription.topic().canonical());
		return bundles.notification(state, topic, NotificationType.QUERY_EVENT, asked, events);
	}

	private State owned(IdType id, RequestDetails request) {
		String idPart = id.getIdPart();
		return store.state(idPart)
			.filter(state -> ownership.owns(request, idPart, Permission.READ))
			.orElseThrow(() -> new ResourceNotFoundException(id.toUnqualifiedVersionless()));
	}

	private Bundle searchset(List<State> states) {
		Bundle bundle = new Bundle().setType(BundleType.SEARCHSET).setTotal(states.size());
		for (State state : states) {
			String topic = catalog.topicOf(state).orElse(null);
			Parameters status = bundles.status(state, topic, NotificationType.QUERY_STATUS,
					catalog.requestOf(state).map(SubscriptionRequest::content).orElse(Content.ID_ONLY), List.of());
			bundle.addEntry()
				.setFullUrl("urn:uuid:" + status.getIdElement().getIdPart())
				.setResource(status)
				.getSearch()
				.setMode(Bundle.SearchEntryMode.MATCH);
		}
		return bundle;
	}

	private static long eventNumber(StringType value, String name, long absent) {
		if (value == null || !value.hasValue()) {
			return absent;
		}
		try {
			long number = Long.parseLong(value.getValue().trim());
			if (number < 0) {
				throw new NumberFormatException();
			}
			return number;
		}
		catch (NumberFormatException notANumber) {
			throw new InvalidRequestException(name + " must be an event number (a non-negative integer), not '"
					+ value.getValue() + "'");
		}
	}

}
