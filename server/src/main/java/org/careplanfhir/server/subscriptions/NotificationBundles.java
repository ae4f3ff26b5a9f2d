package org.careplanfhir.server.subscriptions;

import java.util.Date;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import org.careplanfhir.server.subscriptions.Backport.Content;
import org.careplanfhir.server.subscriptions.Backport.NotificationType;
import org.careplanfhir.server.subscriptions.SubscriptionStore.Event;
import org.careplanfhir.server.subscriptions.SubscriptionStore.State;

/**
 * Builds what the backport sends and answers: a status Parameters ({@code backport-subscription-status-r4})
 * and the {@code history} Bundle it leads, with one entry per event's resource as the payload
 * content allows: none for {@code empty}, the URL for {@code id-only}, the version that triggered
 * the event for {@code full-resource}.
 */
class NotificationBundles {

	private final DaoRegistry daos;

	NotificationBundles(DaoRegistry daos) {
		this.daos = daos;
	}

	/** The status of a subscription, as handshakes, heartbeats, notifications and {@code $status} carry it. */
	Parameters status(State state, String topic, NotificationType type, Content content, List<Event> events) {
		Parameters status = new Parameters();
		status.setId(UUID.randomUUID().toString());
		status.getMeta().addProfile(Backport.STATUS_PROFILE);
		String subscriptionUrl = state.fhirBase() + "/Subscription/" + state.id();
		status.addParameter().setName("subscription").setValue(new Reference(subscriptionUrl));
		if (content != Content.EMPTY && topic != null) {
			status.addParameter().setName("topic").setValue(new CanonicalType(topic));
		}
		status.addParameter().setName("status").setValue(new CodeType(state.status()));
		status.addParameter().setName("type").setValue(new CodeType(type.code));
		status.addParameter().setName("events-since-subscription-start")
			.setValue(new StringType(Long.toString(state.eventsTotal())));
		for (Event event : events) {
			ParametersParameterComponent notification = status.addParameter().setName("notification-event");
			notification.addPart().setName("event-number").setValue(new StringType(Long.toString(event.number())));
			notification.addPart().setName("timestamp").setValue(new InstantType(Date.from(event.occurredAt())));
			if (content != Content.EMPTY) {
				notification.addPart().setName("focus").setValue(new Reference(absolute(state, event)));
			}
		}
		if ("error".equals(state.status()) && state.lastError() != null) {
			status.addParameter().setName("error").setValue(new CodeableConcept()
				.addCoding(new org.hl7.fhir.r4.model.Coding(Backport.ERROR_SYSTEM, errorCode(state.lastError()), null))
				.setText(state.lastError()));
		}
		return status;
	}

	/** A notification Bundle: the status first, then each event's resource as the content allows. */
	Bundle notification(State state, String topic, NotificationType type, Content content, List<Event> events) {
		Parameters status = status(state, topic, type, content, events);
		Bundle bundle = new Bundle().setType(BundleType.HISTORY).setTimestamp(new Date());
		bundle.setId(UUID.randomUUID().toString());
		bundle.getMeta().addProfile(Backport.NOTIFICATION_PROFILE);
		bundle.addEntry()
			.setFullUrl("urn:uuid:" + status.getIdElement().getIdPart())
			.setResource(status)
			.setRequest(new Bundle.BundleEntryRequestComponent().setMethod(HTTPVerb.GET)
				.setUrl(state.fhirBase() + "/Subscription/" + state.id() + "/$status"))
			.setResponse(new Bundle.BundleEntryResponseComponent().setStatus("200"));
		if (content == Content.EMPTY) {
			return bundle;
		}
		for (Event event : events) {
			IdType focus = new IdType(event.focus());
			Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(absolute(state, event));
			boolean created = SubscriptionTopic.CREATE.equals(event.interaction());
			entry.setRequest(new Bundle.BundleEntryRequestComponent()
				.setMethod(created ? HTTPVerb.POST : HTTPVerb.PUT)
				.setUrl(created ? focus.getResourceType() : focus.toUnqualifiedVersionless().getValue()));
			entry.setResponse(new Bundle.BundleEntryResponseComponent().setStatus(created ? "201" : "200")
				.setEtag("W/\"" + focus.getVersionIdPart() + "\"")
				.setLastModified(Date.from(event.occurredAt())));
			if (content == Content.FULL_RESOURCE) {
				IBaseResource resource = versionOf(focus);
				if (resource != null) {
					entry.setResource((org.hl7.fhir.r4.model.Resource) resource);
				}
			}
		}
		return bundle;
	}

	private IBaseResource versionOf(IdType focus) {
		try {
			return daos.getResourceDao(focus.getResourceType()).read(focus, new SystemRequestDetails());
		}
		catch (ResourceNotFoundException | ResourceGoneException gone) {
			return null;
		}
	}

	private static String absolute(State state, Event event) {
		return state.fhirBase() + "/" + new IdType(event.focus()).toUnqualifiedVersionless().getValue();
	}

	/** The backport's error codes: no answer at all, or an answer that was not a success. */
	private static String errorCode(String error) {
		return error.startsWith("HTTP ") ? "error-response" : "no-response";
	}

}
