package org.careplanfhir.server.subscriptions;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;

import org.careplanfhir.server.web.AuditableActivity;

import org.springframework.context.ApplicationEventPublisher;

/**
 * POSTs a notification Bundle to a rest-hook endpoint, in the subscription's payload type, with its
 * headers, waiting at most its {@code backport-timeout}. Any 2xx is success; anything else is a
 * failure described in the words the subscription's status will carry.
 */
class RestHookChannel {

	private final FhirContext fhirContext;

	private final HttpClient http;

	private final ApplicationEventPublisher events;

	RestHookChannel(FhirContext fhirContext, HttpClient http, ApplicationEventPublisher events) {
		this.fhirContext = fhirContext;
		this.http = http;
		this.events = events;
	}

	/** Empty when the endpoint accepted the Bundle, else what went wrong. */
	Optional<String> post(SubscriptionRequest subscription, Bundle bundle) {
		Optional<String> failure = send(subscription, bundle);
		events.publishEvent(new AuditableActivity(AuditableActivity.Kind.NOTIFICATION_SENT, failure.isEmpty(),
				failure.orElse("to " + subscription.endpoint()), null, null, null, sentRecords(bundle)));
		return failure;
	}

	/** The Subscription and the records a notification names, as references. */
	private static List<String> sentRecords(Bundle bundle) {
		List<String> sent = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Parameters status) {
				Parameters.ParametersParameterComponent subscription = status.getParameter("subscription");
				if (subscription != null && subscription.getValue() instanceof Reference reference) {
					sent.add(new IdType(reference.getReference()).toUnqualifiedVersionless().getValue());
				}
			}
			else if (entry.hasFullUrl()) {
				IdType id = new IdType(entry.getFullUrl());
				if (id.hasResourceType() && id.hasIdPart()) {
					sent.add(id.toUnqualifiedVersionless().getValue());
				}
			}
		}
		return sent;
	}

	private Optional<String> send(SubscriptionRequest subscription, Bundle bundle) {
		boolean xml = SubscriptionRequest.XML.equals(subscription.mimeType());
		String body = (xml ? fhirContext.newXmlParser() : fhirContext.newJsonParser()).encodeResourceToString(bundle);
		HttpRequest.Builder request = HttpRequest.newBuilder(subscription.endpoint())
			.timeout(Duration.ofSeconds(subscription.timeoutSeconds()))
			.header("Content-Type", subscription.mimeType() + "; charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		for (String[] header : subscription.headers()) {
			request.header(header[0], header[1]);
		}
		try {
			HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode() / 100 == 2 ? Optional.empty()
					: Optional.of("HTTP " + response.statusCode() + " from the endpoint");
		}
		catch (HttpTimeoutException timeout) {
			return Optional.of("No answer from the endpoint within " + subscription.timeoutSeconds() + " s");
		}
		catch (IOException unreachable) {
			return Optional.of("The endpoint could not be reached: " + unreachable.getClass().getSimpleName()
					+ (unreachable.getMessage() == null ? "" : " " + unreachable.getMessage()));
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			return Optional.of("Delivery interrupted by the server's shutdown");
		}
		catch (IllegalArgumentException badHeader) {
			return Optional.of("The request could not be made: " + badHeader.getMessage());
		}
	}

}
