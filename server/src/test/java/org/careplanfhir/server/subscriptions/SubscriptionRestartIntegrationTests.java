package org.careplanfhir.server.subscriptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.subscriptions.NotificationReceiver.ofType;
import static org.hamcrest.Matchers.equalTo;

/**
 * Event numbers and undelivered events live in PostgreSQL: a server stopped while its endpoint was
 * down delivers, after it starts again, what it owed, numbered as before, and numbers on from there.
 */
class SubscriptionRestartIntegrationTests {

	private static final Duration SOON = Duration.ofSeconds(30);

	@Test
	void eventsOwedBeforeARestartAreDeliveredAfterItAndNumberingGoesOn() {
		Path dataDir = StandaloneServer.newDataDirectory();
		Map<String, Object> samePort = Map.of("server.port", Integer.toString(StandaloneServer.freePort()));
		try (NotificationReceiver receiver = new NotificationReceiver()) {
			String subscription;
			String patient;
			List<String> plans;
			try (StandaloneServer first = StandaloneServer.start(dataDir, samePort)) {
				patient = create(first, "Patient", Subscriptions.patient("Restarted"));
				subscription = create(first, "Subscription", Subscriptions.restHook(Subscriptions.CARE_PLANS,
						receiver.endpoint("restart"), "id-only", List.of("CarePlan?patient=Patient/" + patient)));
				receiver.await("restart", ofType("handshake"), 1, SOON);
				create(first, "CarePlan", Subscriptions.carePlan(patient, "draft"));
				receiver.await("restart", ofType("event-notification"), 1, SOON);
				receiver.failWith(503);
				plans = List.of(create(first, "CarePlan", Subscriptions.carePlan(patient, "draft")),
						create(first, "CarePlan", Subscriptions.carePlan(patient, "draft")));
				awaitEventsSinceStart(first, subscription, "3");
			}
			receiver.failWith(0);
			try (StandaloneServer second = StandaloneServer.start(dataDir, samePort)) {
				List<NotificationReceiver.Received> owed = receiver.await("restart",
						r -> r.eventNumbers().contains("3"), 1, SOON);
				List<String> numbers = receiver.at("restart").stream().flatMap(r -> r.eventNumbers().stream()).toList();
				assertThat(numbers).containsExactly("1", "2", "3");
				assertThat(owed.get(0).focuses().get(owed.get(0).focuses().size() - 1)).endsWith("/CarePlan/" + plans.get(1));

				String afterRestart = create(second, "CarePlan", Subscriptions.carePlan(patient, "active"));
				NotificationReceiver.Received next = receiver.await("restart", r -> r.eventNumbers().contains("4"), 1, SOON)
					.get(0);
				assertThat(next.focuses()).singleElement().asString().endsWith("/CarePlan/" + afterRestart);
				assertThat(next.eventsSinceStart()).isEqualTo("4");
				second.fhir().get("/Subscription/" + subscription).then().body("status", equalTo("active"));
			}
		}
	}

	private static String create(StandaloneServer server, String type, String json) {
		return server.fhir().body(json).post("/" + type).then().statusCode(201).extract().path("id");
	}

	private static void awaitEventsSinceStart(StandaloneServer server, String subscription, String count) {
		long deadline = System.currentTimeMillis() + SOON.toMillis();
		String seen = null;
		while (System.currentTimeMillis() < deadline) {
			seen = server.fhir().get("/Subscription/" + subscription + "/$status").then().statusCode(200).extract()
				.path("entry[0].resource.parameter.find { it.name == 'events-since-subscription-start' }.valueString");
			if (count.equals(seen)) {
				return;
			}
			NotificationReceiver.sleep(100);
		}
		throw new AssertionError("events-since-subscription-start stayed " + seen);
	}

}
