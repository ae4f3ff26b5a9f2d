package org.careplanfhir.server.subscriptions;

import java.time.Duration;
import java.util.List;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.subscriptions.NotificationReceiver.ofType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Endpoints that refuse, then recover: each test has a receiver of its own, told when to fail. */
class SubscriptionDeliveryFailuresIntegrationTests extends FhirServerTest {

	private static final Duration SOON = Duration.ofSeconds(20);

	@Test
	void aRefusedHandshakeLeavesTheSubscriptionInErrorUntilTheEndpointAnswers() {
		try (NotificationReceiver receiver = new NotificationReceiver()) {
			receiver.failWith(403);
			String id = create("Subscription", Subscriptions.restHook(Subscriptions.CARE_TEAMS, receiver.endpoint("refusing"),
					"id-only", List.of()));
			awaitStatus(id, "error");
			fhir().get("/Subscription/" + id).then().body("error", containsString("HTTP 403"));
			fhir().get("/Subscription/" + id + "/$status").then().statusCode(200)
				.body("entry[0].resource.parameter.find { it.name == 'status' }.valueCode", equalTo("error"))
				.body("entry[0].resource.parameter.find { it.name == 'error' }.valueCodeableConcept.coding[0].code",
						equalTo("error-response"));
			receiver.failWith(0);
			assertThat(receiver.await("refusing", ofType("handshake"), 1, SOON)).hasSize(1);
			awaitStatus(id, "active");
		}
	}

	@Test
	void deliveriesAreRetriedUntilTheEndpointRecoversInOrderWithNothingLost() {
		try (NotificationReceiver receiver = new NotificationReceiver()) {
			String patient = create("Patient", Subscriptions.patient("Retried"));
			String id = create("Subscription", Subscriptions.restHook(Subscriptions.CARE_PLANS, receiver.endpoint("flaky"),
					"id-only", List.of("CarePlan?patient=Patient/" + patient), Subscriptions.maxCount(2)));
			receiver.await("flaky", ofType("handshake"), 1, SOON);
			awaitStatus(id, "active");
			receiver.failWith(503);
			List<String> plans = List.of(create("CarePlan", Subscriptions.carePlan(patient, "draft")),
					create("CarePlan", Subscriptions.carePlan(patient, "draft")),
					create("CarePlan", Subscriptions.carePlan(patient, "draft")),
					create("CarePlan", Subscriptions.carePlan(patient, "draft")),
					create("CarePlan", Subscriptions.carePlan(patient, "draft")));
			awaitStatus(id, "error");
			assertThat(receiver.refusedCount()).isPositive();
			receiver.failWith(0);

			List<NotificationReceiver.Received> bundles = receiver.await("flaky",
					r -> "event-notification".equals(r.status("type")), 3, Duration.ofSeconds(40));
			List<String> numbers = bundles.stream().flatMap(r -> r.eventNumbers().stream()).toList();
			assertThat(numbers).containsExactly("1", "2", "3", "4", "5");
			assertThat(bundles).allMatch(r -> r.eventNumbers().size() <= 2);
			List<String> focuses = bundles.stream().flatMap(r -> r.focuses().stream()).toList();
			for (int index = 0; index < plans.size(); index++) {
				assertThat(focuses.get(index)).endsWith("/CarePlan/" + plans.get(index));
			}
			awaitStatus(id, "active");
		}
	}

	private void awaitStatus(String id, String status) {
		Subscriptions.awaitStatus(FhirServerTest::fhir, id, status, SOON);
	}

}
