package org.careplanfhir.server.subscriptions;

import java.time.Duration;
import java.util.List;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.subscriptions.NotificationReceiver.ofType;
import static org.hamcrest.Matchers.equalTo;

class SubscriptionsIntegrationTests extends FhirServerTest {

	private static final Duration SOON = Duration.ofSeconds(15);

	private static final NotificationReceiver receiver = new NotificationReceiver();

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void aSubscriptionIsHandshakenThenHearsItsPatientsCarePlanChangesInOrderWithEventNumbers() {
		String patient = create("Patient", Subscriptions.patient("Handshake"));
		String other = create("Patient", Subscriptions.patient("Elsewhere"));
		String id = create("Subscription", Subscriptions.restHook(Subscriptions.CARE_PLANS, receiver.endpoint("first"),
				"id-only", List.of("CarePlan?patient=Patient/" + patient)));

		NotificationReceiver.Received handshake = receiver.await("first", ofType("handshake"), 1, SOON).get(0);
		assertThat(handshake.status("status")).isEqualTo("requested");
		assertThat(handshake.eventsSinceStart()).isEqualTo("0");
		assertThat(handshake.header("Content-Type")).startsWith("application/fhir+json");
		assertThat(handshake.json().getString("type")).isEqualTo("history");
		awaitStatus(id, "active");

		String plan = create("CarePlan", Subscriptions.carePlan(patient, "draft"));
		create("CarePlan", Subscriptions.carePlan(other, "draft"));
		fhir().body(Subscriptions.carePlan(patient, "active").replace("{\"resourceType\":\"CarePlan\",",
				"{\"resourceType\":\"CarePlan\",\"id\":\"" + plan + "\","))
			.put("/CarePlan/" + plan).then().statusCode(200);

		List<NotificationReceiver.Received> events = receiver.await("first", ofType("event-notification"), 2, SOON);
		List<String> numbers = events.stream().flatMap(e -> e.eventNumbers().stream()).toList();
		assertThat(numbers).startsWith("1", "2").hasSize(2);
		List<String> focuses = events.stream().flatMap(e -> e.focuses().stream()).toList();
		assertThat(focuses).allMatch(focus -> focus.endsWith("/fhir/CarePlan/" + plan));
		NotificationReceiver.Received last = events.get(events.size() - 1);
		assertThat(last.status("status")).isEqualTo("active");
		assertThat(last.eventsSinceStart()).isEqualTo("2");
		// id-only: the status first, then one entry per event with its URL and no resource
		assertThat(last.json().getString("entry[1].fullUrl")).endsWith("/CarePlan/" + plan);
		assertThat(last.json().getString("entry[1].resource")).isNull();
		assertThat(last.json().getString("entry[1].request.method")).isIn("POST", "PUT");
	}

	@Test
	void theCapabilityStatementListsEveryTopicAndTheBackportProfileIsNotWarnedAbout() {
		io.restassured.response.ValidatableResponse metadata = fhir().get("/metadata").then().statusCode(200);
		metadata.body("instantiates", org.hamcrest.Matchers.hasItem(
				"http://hl7.org/fhir/uv/subscriptions-backport/CapabilityStatement/backport-subscription-server-r4"));
		List<String> topics = new JsonPath(metadata.extract().asString()).getList(
				"rest[0].resource.find { it.type == 'Subscription' }.extension.findAll { it.url == '"
						+ Subscriptions.BACKPORT + "capabilitystatement-subscriptiontopic-canonical' }.valueCanonical");
		assertThat(topics).containsExactlyInAnyOrder(Subscriptions.CARE_PLANS, Subscriptions.GOALS, Subscriptions.REFERRALS,
				Subscriptions.CARE_TEAMS, Subscriptions.GRAVITY_TASK,
				"http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Servicerequest");
		metadata.body("rest[0].resource.find { it.type == 'Subscription' }.supportedProfile",
				org.hamcrest.Matchers.hasItem(Subscriptions.BACKPORT + "backport-subscription"));
		fhir().header("Prefer", "return=OperationOutcome")
			.body(Subscriptions.restHook(Subscriptions.CARE_TEAMS, receiver.endpoint("unwarned"), "empty", List.of()))
			.post("/Subscription").then().statusCode(201)
			.body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("not known to this server")));
	}

	@Test
	void everyPayloadShapeArrivesAsAskedWithTheSubscriptionsHeaders() {
		String patient = create("Patient", Subscriptions.patient("Shapes"));
		String filter = "CarePlan?patient=Patient/" + patient;
		create("Subscription", Subscriptions.restHook(Subscriptions.CARE_PLANS, receiver.endpoint("full"),
				"application/fhir+json", "full-resource", List.of(filter), List.of("Authorization: Bearer receiver-secret-1")));
		create("Subscription", Subscriptions.restHook(Subscriptions.CARE_PLANS, receiver.endpoint("empty"), "empty",
				List.of(filter)));
		create("Subscription", Subscriptions.restHook(Subscriptions.CARE_PLANS, receiver.endpoint("xml"),
				"application/fhir+xml", "id-only", List.of(filter), List.of()));
		for (String path : List.of("full", "empty", "xml")) {
			receiver.await(path, any -> true, 1, SOON);
		}
		String plan = create("CarePlan", Subscriptions.carePlan(patient, "active"));

		NotificationReceiver.Received full = receiver.await("full", ofType("event-notification"), 1, SOON).get(0);
		assertThat(full.header("Authorization")).isEqualTo("Bearer receiver-secret-1");
		assertThat(full.json().getString("entry[1].resource.resourceType")).isEqualTo("CarePlan");
		assertThat(full.json().getString("entry[1].resource.id")).isEqualTo(plan);
		assertThat(full.json().getString("entry[1].request.method")).isEqualTo("POST");
		assertThat(full.json().getString("entry[1].response.status")).isEqualTo("201");
		assertThat(full.json().getString("entry[0].resource.parameter.find { it.name == 'topic' }.valueCanonical"))
			.isEqualTo(Subscriptions.CARE_PLANS);

		NotificationReceiver.Received empty = receiver.await("empty", ofType("event-notification"), 1, SOON).get(0);
		assertThat(empty.json().getList("entry")).hasSize(1);
		assertThat(empty.focuses()).isEmpty();
		assertThat(empty.eventNumbers()).containsExactly("1");
		assertThat(empty.body()).doesNotContain(plan).doesNotContain("\"topic\"");

		List<NotificationReceiver.Received> xml = receiver.await("xml", any -> any.body().contains("event-notification"), 1, SOON);
		assertThat(xml.get(0).header("Content-Type")).startsWith("application/fhir+xml");
		assertThat(xml.get(0).body()).startsWith("<Bundle").contains("CarePlan/" + plan);
	}

	@Test
	void heartbeatsKeepAQuietChannelAlive() {
		create("Subscription", Subscriptions.restHook(Subscriptions.GOALS, receiver.endpoint("heartbeat"), "empty",
				List.of("Goal?patient=Patient/nobody-" + System.nanoTime()), Subscriptions.heartbeatEvery(1)));
		List<NotificationReceiver.Received> heartbeats = receiver.await("heartbeat", ofType("heartbeat"), 2,
				Duration.ofSeconds(20));
		assertThat(heartbeats.get(0).status("status")).isEqualTo("active");
		assertThat(heartbeats.get(0).eventsSinceStart()).isEqualTo("0");
		assertThat(Duration.between(heartbeats.get(0).at(), heartbeats.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
	}

	@Test
	void theGravityTaskTopicHearsReferralTasksButNotDrafts() {
		String patient = create("Patient", Subscriptions.patient("Gravity"));
		String owner = create("Organization", "{\"resourceType\":\"Organization\",\"name\":\"Community rehab\"}");
		create("Subscription", Subscriptions.restHook(Subscriptions.GRAVITY_TASK, receiver.endpoint("gravity"), "id-only",
				List.of("Task?owner=Organization/" + owner)));
		receiver.await("gravity", ofType("handshake"), 1, SOON);
		String draft = create("Task", task(patient, owner, "draft"));
		String requested = create("Task", task(patient, owner, "requested"));
		List<NotificationReceiver.Received> events = receiver.await("gravity", ofType("event-notification"), 1, SOON);
		NotificationReceiver.sleep(1500);
		List<String> focuses = receiver.at("gravity").stream().flatMap(r -> r.focuses().stream()).toList();
		assertThat(focuses).anyMatch(f -> f.endsWith("/Task/" + requested)).noneMatch(f -> f.endsWith("/Task/" + draft));
		assertThat(events.get(0).eventNumbers()).containsExactly("1");
	}

	@Test
	void statusAndEventsAnswerFromWhatTheDatabaseKept() {
		String patient = create("Patient", Subscriptions.patient("Replayed"));
		String id = create("Subscription", Subscriptions.restHook(Subscriptions.CARE_PLANS, receiver.endpoint("replay"),
				"id-only", List.of("CarePlan?patient=Patient/" + patient)));
		receiver.await("replay", ofType("handshake"), 1, SOON);
		List<String> plans = List.of(create("CarePlan", Subscriptions.carePlan(patient, "draft")),
				create("CarePlan", Subscriptions.carePlan(patient, "draft")),
				create("CarePlan", Subscriptions.carePlan(patient, "draft")));
		receiver.await("replay", r -> r.eventNumbers().contains("3"), 1, SOON);

		fhir().get("/Subscription/" + id + "/$status").then().statusCode(200)
			.body("resourceType", equalTo("Bundle")).body("type", equalTo("searchset")).body("total", equalTo(1))
			.body("entry[0].search.mode", equalTo("match"))
			.body("entry[0].resource.parameter.find { it.name == 'type' }.valueCode", equalTo("query-status"))
			.body("entry[0].resource.parameter.find { it.name == 'status' }.valueCode", equalTo("active"))
			.body("entry[0].resource.parameter.find { it.name == 'events-since-subscription-start' }.valueString", equalTo("3"))
			.body("entry[0].resource.parameter.find { it.name == 'subscription' }.valueReference.reference",
					org.hamcrest.Matchers.endsWith("Subscription/" + id));
		fhir().get("/Subscription/$status?id=" + id).then().statusCode(200).body("total", equalTo(1));
		fhir().get("/Subscription/$status?id=" + id + "&status=off").then().statusCode(200).body("total", equalTo(0));

		JsonPath replay = json(fhir().get("/Subscription/" + id + "/$events?eventsSinceNumber=2&eventsUntilNumber=3&content=full-resource")
			.then().statusCode(200).body("type", equalTo("history")).extract().asString());
		assertThat(replay.getString("entry[0].resource.parameter.find { it.name == 'type' }.valueCode")).isEqualTo("query-event");
		assertThat(replay.getList("entry[0].resource.parameter.findAll { it.name == 'notification-event' }.part.flatten().findAll { it.name == 'event-number' }.valueString"))
			.containsExactly("2", "3");
		assertThat(replay.getList("entry.resource.id").subList(1, 3)).containsExactly(plans.get(1), plans.get(2));

		fhir().get("/Subscription/" + id + "/$events?eventsSinceNumber=two").then().statusCode(400)
			.body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("eventsSinceNumber"));
		fhir().get("/Subscription/" + id + "/$events?content=everything").then().statusCode(400);
		fhir().get("/Subscription/unknown-subscription/$status").then().statusCode(404);
	}

	@Test
	void everyInvalidSubscriptionIsRefusedWith422NamingWhatIsWrongAndNothingIsStored() {
		String endpoint = receiver.endpoint("never");
		String good = Subscriptions.restHook(Subscriptions.REFERRALS, endpoint, "id-only", List.of("Task?status=requested"));
		java.util.Map<String, String> invalid = new java.util.LinkedHashMap<>();
		invalid.put("Unknown subscription topic", good.replace(Subscriptions.REFERRALS, "http://example.org/topics/nothing"));
		invalid.put("is not a topic", good.replace(Subscriptions.REFERRALS, "CarePlan?status=active"));
		invalid.put("the channel type 'websocket' is not supported", good.replace("\"rest-hook\"", "\"websocket\""));
		invalid.put("the channel type 'email' is not supported", good.replace("\"rest-hook\"", "\"email\""));
		invalid.put("cannot be filtered by 'subject' on Task", good.replace("Task?status=requested", "Task?subject=Patient/1"));
		invalid.put("is not about CarePlan", good.replace("Task?status=requested", "CarePlan?status=active"));
		invalid.put("names no resource type", good.replace("Task?status=requested", "status=requested"));
		invalid.put("gives 'status' no value", good.replace("Task?status=requested", "Task?status="));
		invalid.put("payload type 'text/plain' is not supported", good.replace("application/fhir+json", "text/plain"));
		invalid.put("backport-payload-content is required", good.replaceAll(",\"_payload\":\\{.*\\}\\}\\}$", "}}"));
		invalid.put("Unknown payload content 'everything'", good.replace("\"id-only\"", "\"everything\""));
		invalid.put("FHIR 4.0 (R4) only", good.replace("application/fhir+json", "application/fhir+json; fhirVersion=5.0"));
		invalid.put("must be an absolute https URL", good.replace(endpoint, "ftp://example.org/hook"));
		invalid.put("needs an endpoint", good.replace("\"endpoint\":\"" + endpoint + "\",", ""));
		invalid.put("backport-timeout must be between", Subscriptions.restHook(Subscriptions.REFERRALS, endpoint, "id-only",
				List.of(), Subscriptions.timeout(0)));
		invalid.put("A header must be written 'Name: value'", Subscriptions.restHook(Subscriptions.REFERRALS, endpoint,
				"application/fhir+json", "id-only", List.of(), List.of("no colon here")));
		long before = storedCount("Subscription");
		invalid.forEach((expected, body) -> fhir().body(body).post("/Subscription").then()
			.statusCode(422)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", org.hamcrest.Matchers.containsString(expected))
			.body("issue[1].expression[0]", org.hamcrest.Matchers.startsWith("Subscription.")));
		assertThat(storedCount("Subscription")).isEqualTo(before);
	}

	static String task(String patient, String owner, String status) {
		return "{\"resourceType\":\"Task\",\"status\":\"" + status + "\",\"intent\":\"order\",\"for\":{\"reference\":\"Patient/"
				+ patient + "\"},\"owner\":{\"reference\":\"Organization/" + owner + "\"},\"authoredOn\":\"2026-11-30\"}";
	}

	private void awaitStatus(String id, String status) {
		Subscriptions.awaitStatus(FhirServerTest::fhir, id, status, SOON);
	}

	static JsonPath json(String body) {
		return new JsonPath(body);
	}

}
