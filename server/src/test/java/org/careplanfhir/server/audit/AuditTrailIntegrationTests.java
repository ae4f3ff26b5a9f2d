package org.careplanfhir.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.audit.AuditEvents.REST;
import static org.careplanfhir.server.audit.AuditEvents.entitiesOf;
import static org.careplanfhir.server.audit.AuditEvents.patientOf;
import static org.careplanfhir.server.audit.AuditEvents.queryOf;
import static org.careplanfhir.server.audit.AuditEvents.subtypeOf;
import static org.hamcrest.Matchers.containsString;

/**
 * Every kind of access leaves exactly the AuditEvent BALP describes: type, subtype, action,
 * outcome, agents and entities. Each test calls as a backend client of its own, so the events it
 * asks about ({@code altid=} the client) are its own.
 */
class AuditTrailIntegrationTests extends FhirServerTest {

		private String client;

	private String token;

	@BeforeEach
	void ownClient() {
		client = unique("audit-tester");
		AdminApi.registerSecretClient(client, client + "-secret", List.of("system/*.cruds"));
		token = TestTokens.clientCredentials(port, client, client + "-secret", "system/*.cruds").value();
	}

	private RequestSpecification asClient() {
		return given().auth().oauth2(token).contentType(FHIR_JSON).accept(FHIR_JSON);
	}

	@Test
	void aReadIsRecordedWithTheClientTheAddressAndThePatient() {
		String patient = create("Patient", patientJson());
		String goal = create("Goal", goalJson(patient));
		asClient().get("/Goal/" + goal).then().statusCode(200);

		List<Map<String, Object>> events = eventsOfClient("&subtype=read", 1);
		JsonPath event = new JsonPath(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(events.get(0)).toString());
		assertThat(event.getString("type.system")).isEqualTo(REST);
		assertThat(event.getString("type.code")).isEqualTo("rest");
		assertThat(event.getString("subtype[0].code")).isEqualTo("read");
		assertThat(event.getString("action")).isEqualTo("R");
		assertThat(event.getString("outcome")).isEqualTo("0");
		assertThat(event.getList("agent.who.identifier.value")).contains(client);
		assertThat(event.getList("agent.network.address")).contains("127.0.0.1");
		assertThat(event.getList("entity.what.reference")).containsExactly("Patient/" + patient, "Goal/" + goal);
		assertThat(event.getList("entity.role.code")).containsExactly("1", "4");
	}

	@Test
	void concurrentReadsAreEachStoredBeforeTheirAnswerAndBecomeOneEventEach() throws Exception {
		String patient = create("Patient", patientJson());
		String goal = create("Goal", goalJson(patient));
		int readers = 4;
		int readsEach = 25;
		var pool = java.util.concurrent.Executors.newFixedThreadPool(readers);
		try {
			List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
			for (int i = 0; i < readers * readsEach; i++) {
				answers.add(pool.submit(() -> asClient().get("/Goal/" + goal).statusCode()));
			}
			for (var answer : answers) {
				assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}

		// Every answer has come back, so every record is an AuditEvent already: nothing waits for a drain.
		Integer stored = database.queryForObject(
				"SELECT count(*) FROM cp_audit_event WHERE ? = ANY (agents) AND ? = ANY (subtypes)", Integer.class, client,
				"read");
		assertThat(stored).isEqualTo(readers * readsEach);
		List<Map<String, Object>> events = fhir().get("/AuditEvent?altid=" + client + "&subtype=read&_count=200")
			.then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(readers * readsEach))
			.extract().path("entry.resource");
		assertThat(events).hasSize(readers * readsEach)
			.allSatisfy(event -> assertThat(entitiesOf(event)).contains("Goal/" + goal));
	}

	@Test
	void anEventIsStoredAsItsCompactRecordAndRenderedAsAnAuditEventWhenRead() {
		String patient = create("Patient", patientJson());
		asClient().get("/Patient/" + patient).then().statusCode(200);

		Map<String, Object> event = eventsOfClient("&subtype=read", 1).get(0);
		Map<String, Object> row = database.queryForMap("SELECT record, resource FROM cp_audit_event WHERE id = ?",
				Long.parseLong(event.get("id").toString()));
		assertThat(row.get("resource")).isNull();
		assertThat((String) row.get("record")).contains("\"client\":\"" + client + "\"", "Patient/" + patient)
			.doesNotContain("null", "resourceType").hasSizeLessThan(600);
		fhir().get("/AuditEvent/" + event.get("id")).then().statusCode(200)
			.body("entity.what.reference", org.hamcrest.Matchers.hasItem("Patient/" + patient))
			.body("agent.who.identifier.value", org.hamcrest.Matchers.hasItem(client));
	}

	@Test
	void anEventStoredWithItsFhirJsonByAnEarlierVersionIsServedAsStored() {
		long id = 8_000_000_000L + System.nanoTime() % 1_000_000;
		String patient = "Patient/earlier-" + id;
		String stored = "{\"resourceType\":\"AuditEvent\",\"id\":\"" + id + "\",\"type\":{\"system\":\"" + REST
				+ "\",\"code\":\"rest\"},\"recorded\":\"2026-01-02T03:04:05.000+00:00\",\"agent\":[{\"requestor\":true,"
				+ "\"who\":{\"display\":\"earlier\"}}],\"source\":{\"observer\":{\"display\":\"earlier\"}},"
				+ "\"entity\":[{\"what\":{\"reference\":\"" + patient + "\"}}]}";
		database.update("INSERT INTO cp_audit_event (id, recorded, type_system, type_code, subtypes, action, outcome, patient,"
				+ " agents, entities, resource) VALUES (?, now(), ?, 'rest', '{}', 'R', '0', ?, '{}', ?::text[], ?)", id, REST,
				patient, new String[] { patient }, stored);

		fhir().get("/AuditEvent/" + id).then().statusCode(200).body("agent[0].who.display", org.hamcrest.Matchers.equalTo("earlier"))
			.body("entity[0].what.reference", org.hamcrest.Matchers.equalTo(patient));
		fhir().get("/AuditEvent?patient=" + patient).then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(1))
			.body("entry[0].resource.agent[0].who.display", org.hamcrest.Matchers.equalTo("earlier"));
	}

	@Test
	void aRecordAnEarlierVersionLeftInTheOutboxBecomesAnAuditEventWithItsId(@Autowired AuditDrain drain) {
		String patient = "Patient/outbox-" + Long.toString(System.nanoTime(), 36);
		AuditRecord left = new AuditRecord(System.currentTimeMillis(), AuditedAction.READ, AuditRecord.SUCCESS, null,
				null, null, client, "10.0.0.7", patient, List.of(patient), null, null);
		long id = database.queryForObject("INSERT INTO cp_audit_outbox (event) VALUES (?) RETURNING id", Long.class,
				left.json());

		drain.drain();

		assertThat(database.queryForObject("SELECT count(*) FROM cp_audit_outbox WHERE id = ?", Integer.class, id)).isZero();
		fhir().get("/AuditEvent/" + id).then().statusCode(200)
			.body("entity.what.reference", org.hamcrest.Matchers.hasItem(patient))
			.body("agent.who.identifier.value", org.hamcrest.Matchers.hasItem(client));
		// New events take their ids from the same sequence, after it.
		asClient().get("/Patient/" + create("Patient", patientJson())).then().statusCode(200);
		assertThat(database.queryForObject("SELECT max(id) FROM cp_audit_event WHERE ? = ANY (agents)", Long.class, client))
			.isGreaterThan(id);
	}

	@Test
	void eventsOlderThanTheRetentionAreRemovedAndYoungerOnesKept(@Autowired AuditDrain drain) {
		long old = 9_000_000_000L + System.nanoTime() % 1_000_000;
		long young = old + 1;
		for (long id : List.of(old, young)) {
			database.update("INSERT INTO cp_audit_event (id, recorded, type_system, type_code, subtypes, action, outcome,"
					+ " agents, entities, resource) VALUES (?, now() - make_interval(years => ?), 'x', 'rest', '{}', 'R', '0',"
					+ " '{}', '{}', '{}')", id, id == old ? 7 : 5);
		}
		drain.expire(Instant.now());
		assertThat(database.queryForList("SELECT id FROM cp_audit_event WHERE id IN (?, ?)", Long.class, old, young))
			.containsExactly(young);
	}

	@Test
	void aSearchIsRecordedOncePerPatientWhoseRecordsItShowedWithTheQuery() {
		String first = create("Patient", patientJson());
		String second = create("Patient", patientJson());
		String goalOfFirst = create("Goal", goalJson(first));
		String goalOfSecond = create("Goal", goalJson(second));
		asClient().get("/Goal?_id=" + goalOfFirst + "," + goalOfSecond).then().statusCode(200);

		List<Map<String, Object>> events = eventsOfClient("&subtype=search-type", 2);
		assertThat(events).extracting(event -> patientOf(event))
			.containsExactlyInAnyOrder("Patient/" + first, "Patient/" + second);
		for (Map<String, Object> event : events) {
			String query = queryOf(event);
			assertThat(query).isEqualTo("/fhir/Goal?_id=" + goalOfFirst + "," + goalOfSecond);
			assertThat(event.get("action")).isEqualTo("E");
		}
	}

	@Test
	void writesAreRecordedWithTheVersionTheyMade() {
		String patient = asClient().body(patientJson()).post("/Patient").then().statusCode(201).extract().path("id");
		asClient().body(patientJson().replace("{\"resourceType\":\"Patient\"", "{\"resourceType\":\"Patient\",\"id\":\""
				+ patient + "\"")).put("/Patient/" + patient).then().statusCode(200);
		asClient().contentType("application/json-patch+json")
			.body("[{\"op\":\"add\",\"path\":\"/gender\",\"value\":\"female\"}]")
			.patch("/Patient/" + patient).then().statusCode(200);
		asClient().delete("/Patient/" + patient).then().statusCode(200);

		List<Map<String, Object>> events = eventsOfClient("&_sort=date", 4);
		assertThat(events).extracting(event -> event.get("action") + " " + subtypeOf(event) + " " + entitiesOf(event))
			.containsExactly("C create [Patient/" + patient + ", Patient/" + patient + "/_history/1]",
					"U update [Patient/" + patient + ", Patient/" + patient + "/_history/2]",
					"U patch [Patient/" + patient + ", Patient/" + patient + "/_history/3]",
					"D delete [Patient/" + patient + ", Patient/" + patient + "/_history/4]");
	}

	@Test
	void aRolledBackTransactionLeavesNoRecordOfItsWritesButOneOfItsRefusal() {
		String patientIdentifier = unique("rolled-back");
		String bundle = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"resource":{"resourceType":"Patient","identifier":[{"system":"urn:test","value":"%s"}]},
				  "request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Goal","lifecycleStatus":"not-a-status","description":{"text":"x"},
				  "subject":{"reference":"Patient/nowhere"}},"request":{"method":"POST","url":"Goal"}}]}"""
			.formatted(patientIdentifier);
		int status = asClient().body(bundle).post("/").statusCode();
		assertThat(status).isBetween(400, 422);

		List<Map<String, Object>> events = eventsOfClient("", 1);
		assertThat(subtypeOf(events.get(0))).isEqualTo("transaction");
		assertThat(events.get(0).get("outcome")).isEqualTo("4");
		assertThat((String) events.get(0).get("outcomeDesc")).isNotBlank();
		assertThat(fhir().get("/Patient?identifier=urn:test|" + patientIdentifier).then().extract().<Integer>path("total"))
			.isZero();
	}

	@Test
	void aTransactionIsRecordedWithEachOfItsWritesInTheSameCommit() {
		String bundle = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"fullUrl":"urn:uuid:0d3f6a0e-3c2b-4f35-9f57-1d9b1b0c4a01","resource":{"resourceType":"Patient"},
				  "request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Goal","lifecycleStatus":"active","description":{"text":"walk"},
				  "subject":{"reference":"urn:uuid:0d3f6a0e-3c2b-4f35-9f57-1d9b1b0c4a01"}},"request":{"method":"POST","url":"Goal"}}]}""";
		// At the base URL as most clients send it: no slash after /fhir.
		given().basePath("").auth().oauth2(token).contentType(FHIR_JSON).body(bundle).post("/fhir").then().statusCode(200);
		List<Map<String, Object>> events = eventsOfClient("", 3);
		assertThat(events).extracting(AuditEvents::subtypeOf)
			.containsExactlyInAnyOrder("transaction", "create", "create");
	}

	@Test
	void operationsAreRecordedByNameWithThePatientsTheyShowed() {
		String patient = create("Patient", patientJson());
		create("Goal", goalJson(patient));
		asClient().get("/Patient/" + patient + "/$everything").then().statusCode(200);
		asClient().body("{\"resourceType\":\"Patient\"}").post("/Patient/$validate").then().statusCode(200);

		List<Map<String, Object>> everything = eventsOfClient("&entity-name=$everything", 1);
		assertThat(subtypeOf(everything.get(0))).isEqualTo("operation");
		assertThat(patientOf(everything.get(0))).isEqualTo("Patient/" + patient);
		assertThat(queryOf(everything.get(0))).isEqualTo("/fhir/Patient/" + patient + "/$everything");
		eventsOfClient("&entity-name=$validate", 1);
	}

	@Test
	void anExportItsStatusPollsAndItsFileDownloadsAreEachRecorded() {
		String patient = create("Patient", patientJson());
		String status = asClient().header("Prefer", "respond-async").get("/Patient/$export?_type=Patient").then()
			.statusCode(202).extract().header("Content-Location");
		List<String> files = null;
		for (int poll = 0; poll < 120 && files == null; poll++) {
			Response answer = given().auth().oauth2(token).accept("application/json").get(status);
			if (answer.statusCode() == 200) {
				files = answer.jsonPath().getList("output.url");
			}
			else {
				AuditEvents.sleep(java.time.Duration.ofSeconds(1));
			}
		}
		assertThat(files).isNotEmpty();
		String file = files.get(0);
		given().auth().oauth2(token).accept("application/fhir+ndjson").get(file).then().statusCode(200)
			.body(containsString(patient));

		List<Map<String, Object>> kickOff = eventsOfClient("&entity-name:exact=$export", 1);
		assertThat(subtypeOf(kickOff.get(0))).isEqualTo("operation");
		List<Map<String, Object>> polls = AuditEvents.await(FhirServerTest::fhir,
				"/AuditEvent?altid=" + client + "&entity-name=$export-poll-status&_count=200", found -> !found.isEmpty());
		assertThat(polls).isNotEmpty().allSatisfy(poll -> assertThat(subtypeOf(poll)).isEqualTo("operation"));
		String binary = "Binary/" + file.substring(file.lastIndexOf('/') + 1);
		List<Map<String, Object>> download = eventsOfClient("&entity=" + binary, 1);
		assertThat(subtypeOf(download.get(0))).isEqualTo("read");
	}

	@Test
	void aSystemExportOfAuditEventsHoldsTheTrailForASiem() {
		String patient = create("Patient", patientJson());
		asClient().get("/Patient/" + patient).then().statusCode(200);
		eventsOfClient("&subtype=read", 1);

		String status = asClient().header("Prefer", "respond-async").get("/$export?_type=AuditEvent").then()
			.statusCode(202).extract().header("Content-Location");
		JsonPath manifest = null;
		for (int poll = 0; poll < 120 && manifest == null; poll++) {
			Response answer = given().auth().oauth2(token).accept("application/json").get(status);
			if (answer.statusCode() == 200) {
				manifest = answer.jsonPath();
			}
			else {
				AuditEvents.sleep(java.time.Duration.ofSeconds(1));
			}
		}
		assertThat(manifest).isNotNull();
		assertThat(manifest.getList("output.type")).isNotEmpty().containsOnly("AuditEvent");
		StringBuilder lines = new StringBuilder();
		for (String url : manifest.<String>getList("output.url")) {
			lines.append(given().urlEncodingEnabled(false).auth().oauth2(token).accept("application/fhir+ndjson").get(url)
				.then().statusCode(200).contentType(containsString("ndjson")).extract().asString());
		}
		assertThat(lines.toString().lines()).allSatisfy(line -> assertThat(line).startsWith("{\"resourceType\":\"AuditEvent\""));
		assertThat(lines.toString()).contains("\"reference\":\"Patient/" + patient + "\"");

		String narrow = TestTokens.clientCredentials(port, client, client + "-secret", "system/Patient.rs").value();
		given().auth().oauth2(narrow).header("Prefer", "respond-async").accept(FHIR_JSON).get("/$export?_type=AuditEvent")
			.then().statusCode(403);
		asClient().header("Prefer", "respond-async").get("/Patient/$export?_type=AuditEvent").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("system-level $export"));
	}

	@Test
	void measureTerminologyAndValidationOperationsAreRecordedByName() {
		asClient().get("/Measure/cm-referral-volume/$evaluate-measure?periodStart=2026-01&periodEnd=2026-12").then()
			.statusCode(200);
		asClient().get("/CodeSystem/$lookup?system=http://careplan-fhir.org/fhir/CodeSystem/cm-audit&code=token-issued")
			.then().statusCode(200);
		asClient().body("{\"resourceType\":\"Goal\"}").post("/Goal/$validate").then().statusCode(200);
		for (String operation : List.of("$evaluate-measure", "$lookup", "$validate")) {
			List<Map<String, Object>> events = eventsOfClient("&entity-name:exact=" + operation, 1);
			assertThat(subtypeOf(events.get(0))).isEqualTo("operation");
			assertThat(events.get(0).get("outcome")).isEqualTo("0");
		}
	}

	@Test
	void aNotificationSentToASubscriberIsRecorded() throws Exception {
		try (org.careplanfhir.server.subscriptions.NotificationReceiver receiver = new org.careplanfhir.server.subscriptions.NotificationReceiver()) {
			String subscription = create("Subscription", org.careplanfhir.server.subscriptions.Subscriptions.restHook(
					org.careplanfhir.server.subscriptions.Subscriptions.CARE_PLANS, receiver.endpoint("audited"),
					"id-only", List.of()));
			List<Map<String, Object>> sent = AuditEvents.await(FhirServerTest::fhir,
					"/AuditEvent?subtype=notification-sent&entity=Subscription/" + subscription, found -> !found.isEmpty());
			assertThat(sent).isNotEmpty();
			assertThat(sent.get(0).get("outcome")).isEqualTo("0");
			assertThat(((Map<?, ?>) sent.get(0).get("type")).get("code")).isEqualTo("delivery");
		}
	}

	@Test
	void refusalsAreRecordedWithTheirReason() {
		String patient = create("Patient", patientJson());
		String narrow = TestTokens.clientCredentials(port, client, client + "-secret", "system/Goal.rs").value();
		given().auth().oauth2(narrow).accept(FHIR_JSON).get("/Patient/" + patient).then().statusCode(403);
		List<Map<String, Object>> events = eventsOfClient("&outcome=4", 1);
		assertThat(subtypeOf(events.get(0))).isEqualTo("read");
		assertThat((String) events.get(0).get("outcomeDesc")).contains("insufficient_scope");

		String missing = unique("no-token");
		given().accept(FHIR_JSON).header("X-Forwarded-For", "10.1.2.3").get("/Patient/" + missing).then().statusCode(401);
		List<Map<String, Object>> anonymous = awaitEvents("/AuditEvent?outcome=4&_count=50",
				found -> found.stream().anyMatch(e -> ("/fhir/Patient/" + missing).equals(queryOf(e))));
		Map<String, Object> refused = anonymous.stream().filter(e -> ("/fhir/Patient/" + missing).equals(queryOf(e)))
			.findFirst().orElseThrow();
		assertThat(subtypeOf(refused)).isEqualTo("read");
		assertThat((String) refused.get("outcomeDesc")).contains("Bearer");
		assertThat(String.valueOf(refused.get("agent"))).contains("10.1.2.3").doesNotContain("audit-tester");
	}

	@Test
	void aWriteRefusedByValidationIsRecordedAsARefusedCreateWithTheProblem() {
		asClient().body("{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"x\"}}")
			.post("/Goal").then().statusCode(422);
		List<Map<String, Object>> events = eventsOfClient("", 1);
		assertThat(subtypeOf(events.get(0))).isEqualTo("create");
		assertThat(events.get(0).get("action")).isEqualTo("C");
		assertThat(events.get(0).get("outcome")).isEqualTo("4");
		assertThat((String) events.get(0).get("outcomeDesc")).contains("Goal.subject");
	}

	@Test
	void anAnswerServedFromTheReadCacheIsRecordedLikeAnyOther() {
		String patient = create("Patient", patientJson());
		asClient().get("/Patient/" + patient).then().statusCode(200);
		asClient().get("/Patient/" + patient).then().statusCode(200);
		List<Map<String, Object>> events = eventsOfClient("&subtype=read", 2);
		assertThat(events).allSatisfy(event -> assertThat(patientOf(event)).isEqualTo("Patient/" + patient));
	}

	@Test
	void auditEventsCannotBeCreatedChangedOrDeletedThroughTheApi() {
		String patient = create("Patient", patientJson());
		asClient().get("/Patient/" + patient).then().statusCode(200);
		String id = (String) eventsOfClient("", 1).get(0).get("id");
		String event = fhir().get("/AuditEvent/" + id).then().statusCode(200).extract().asString();
		fhir().body(event).put("/AuditEvent/" + id).then().statusCode(405)
			.body("issue[0].diagnostics", containsString("not created, changed or deleted"));
		fhir().delete("/AuditEvent/" + id).then().statusCode(405);
		fhir().body(event.replace("\"id\":\"" + id + "\",", "")).post("/AuditEvent").then().statusCode(405);
		fhir().contentType("application/json-patch+json").body("[{\"op\":\"replace\",\"path\":\"/outcome\",\"value\":\"8\"}]")
			.patch("/AuditEvent/" + id).then().statusCode(405);
		String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
				+ event.replace("\"id\":\"" + id + "\",", "") + ",\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}";
		fhir().body(transaction).post("/").then().statusCode(405);
		fhir().get("/AuditEvent/" + id).then().statusCode(200).body("outcome", org.hamcrest.Matchers.equalTo("0"));
	}

	@Test
	void auditEventsAreFoundByPatientAgentEntityDateTypeSubtypeAndOutcome() {
		String patient = create("Patient", patientJson());
		String goal = create("Goal", goalJson(patient));
		asClient().get("/Goal/" + goal).then().statusCode(200);
		eventsOfClient("", 1);
		String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
		for (String query : List.of("patient=Patient/" + patient, "patient=" + patient, "entity=Goal/" + goal,
				"entity=" + goal, "altid=" + client, "date=ge" + today, "type=" + REST + "|rest", "type=rest",
				"subtype=http://hl7.org/fhir/restful-interaction|read", "outcome=0", "action=R")) {
			fhir().get("/AuditEvent?entity=Goal/" + goal + "&" + query).then().statusCode(200)
				.body("total", org.hamcrest.Matchers.equalTo(1));
		}
		fhir().get("/AuditEvent?entity=Goal/" + goal + "&outcome=4").then().statusCode(200)
			.body("total", org.hamcrest.Matchers.equalTo(0));
		fhir().get("/AuditEvent?entity=Goal/" + goal + "&date=lt2000-01-01").then().statusCode(200)
			.body("total", org.hamcrest.Matchers.equalTo(0));
		fhir().get("/AuditEvent?unknown-parameter=1").then().statusCode(400);
	}

	// --- helpers

	/** This test's client's FHIR requests' events (its token's is not one), once there are {@code expected}. */
	private List<Map<String, Object>> eventsOfClient(String filter, int expected) {
		return AuditEvents.exactly(FhirServerTest::fhir, "/AuditEvent?altid=" + client + "&_count=200&type=rest" + filter,
				expected);
	}

	private List<Map<String, Object>> awaitEvents(String search, java.util.function.Predicate<List<Map<String, Object>>> enough) {
		return AuditEvents.await(FhirServerTest::fhir, search, enough);
	}

	private static String patientJson() {
		return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + unique("Audit") + "\"}]}";
	}

	private static String goalJson(String patient) {
		return "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"walk\"},"
				+ "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
	}

}
