package org.careplanfhir.server.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.careplanfhir.server.StandaloneServer;
import org.careplanfhir.server.TestTokens;
import org.careplanfhir.server.security.SmartApp;
import org.careplanfhir.server.subscriptions.NotificationReceiver;
import org.careplanfhir.server.subscriptions.Subscriptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.jdbc.core.JdbcTemplate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Two server instances in cluster mode on one PostgreSQL database, behind one public address (the
 * first instance's, as a load balancer's would be): whatever a client does on one, the other
 * honours. Full text is off here; an instance alone on an Elasticsearch cluster is another test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIntegrationTests {

	private static EmbeddedPostgres database;

	private static StandaloneServer a;

	private static StandaloneServer b;

	@BeforeAll
	static void startTwoInstancesOnOneDatabase() throws Exception {
		database = EmbeddedPostgres.builder().start();
		int portA = StandaloneServer.freePort();
		Map<String, Object> shared = Map.of("spring.datasource.url", database.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username", "postgres", "careplan.cluster.enabled", "true",
				"careplan.cluster.lease-duration", "3s", "careplan.search.full-text", "false",
				"careplan.fhir.server-address", "http://localhost:" + portA + "/fhir");
		a = start(shared, "node-a", portA);
		b = start(shared, "node-b", StandaloneServer.freePort());
	}

	private static StandaloneServer start(Map<String, Object> shared, String name, int port) {
		Map<String, Object> properties = new java.util.HashMap<>(shared);
		properties.put("careplan.cluster.node-name", name);
		properties.put("server.port", Integer.toString(port));
		return StandaloneServer.start(StandaloneServer.newDataDirectory(), properties);
	}

	@AfterAll
	static void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b, database }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@Test
	void clusterModeWithoutASharedDatabaseOrWithALocalLuceneIndexRefusesToStart() {
		Path dataDir = StandaloneServer.newDataDirectory();
		assertThatThrownBy(() -> StandaloneServer.start(dataDir, Map.of("careplan.cluster.enabled", "true")).close())
			.hasMessageContaining("set spring.datasource.url")
			.hasMessageContaining("cannot share a Lucene index on local disk")
			.hasMessageContaining("careplan.search.backend=elasticsearch");
	}

	@Test
	void aWriteOnOneInstanceIsReadOnTheOtherAtOnce() {
		String id = a.fhir().body(patient("Everywhere")).post("/Patient").then().statusCode(201).extract().path("id");

		b.fhir().get("/Patient/" + id).then().statusCode(200).body("name[0].family", equalTo("Everywhere"));
	}

	@Test
	void aSearchKeptInMemoryOnOneInstanceIsNotServedAfterAWriteOnTheOther() {
		String family = "Kept" + UUID.randomUUID().toString().substring(0, 8);
		a.fhir().body(patient(family)).post("/Patient").then().statusCode(201);
		b.fhir().get("/Patient?family=" + family).then().statusCode(200).body("total", equalTo(1));
		double hitsBefore = cacheHits(b);
		b.fhir().get("/Patient?family=" + family).then().statusCode(200).body("total", equalTo(1));
		assertThat(cacheHits(b)).as("the repeated search was answered from memory").isEqualTo(hitsBefore + 1);

		a.fhir().body(patient(family)).post("/Patient").then().statusCode(201);

		b.fhir().get("/Patient?family=" + family).then().statusCode(200).body("total", equalTo(2));
	}

	@Test
	void conditionalCreatesSplitAcrossTheInstancesMakeOneResource() throws Exception {
		String value = UUID.randomUUID().toString();
		String body = """
				{"resourceType":"Patient","identifier":[{"system":"urn:careplan:test:cluster","value":"%s"}]}"""
			.formatted(value);
		ExecutorService clients = Executors.newFixedThreadPool(10);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				StandaloneServer node = i % 2 == 0 ? a : b;
				answers.add(clients.submit(() -> node.fhir().header("If-None-Exist", "identifier=urn:careplan:test:cluster|" + value)
					.body(body).post("/Patient").statusCode()));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isIn(200, 201);
			}
		}
		finally {
			clients.shutdownNow();
		}

		assertThat(new JdbcTemplate(database.getPostgresDatabase()).queryForObject("""
				SELECT count(*) FROM hfj_resource r JOIN hfj_spidx_token t ON t.res_id = r.res_id
				WHERE r.res_type = 'Patient' AND r.res_deleted_at IS NULL AND t.sp_name = 'identifier' AND t.sp_value = ?""",
				Long.class, value)).isEqualTo(1);
		a.fhir().get("/Patient?identifier=urn:careplan:test:cluster|" + value).then().body("total", equalTo(1));
	}

	@Test
	void aTokenMintedByOneInstanceIsHonouredByTheOtherUntilItIsRevokedThere() {
		String token = TestTokens.clientCredentials(a.port(), TestTokens.BACKEND, TestTokens.BACKEND_SECRET,
				"system/Patient.rs").value();
		given().port(b.port()).basePath("").auth().oauth2(token).accept("application/fhir+json").get("/fhir/Patient?_count=1")
			.then().statusCode(200);

		given().port(a.port()).basePath("").auth().preemptive().basic(TestTokens.BACKEND, TestTokens.BACKEND_SECRET)
			.formParam("token", token).post("/oauth2/revoke").then().statusCode(200);

		// Within the recheck interval (3 s in the tests).
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> given()
			.port(b.port()).basePath("").auth().oauth2(token).accept("application/fhir+json").get("/fhir/Patient?_count=1")
			.then().statusCode(401));
	}

	@Test
	void aPersonSignedInOnOneInstanceIsSignedInOnTheOther() {
		SmartApp app = new SmartApp(a.port(), "test-app", null);
		app.signIn("test-admin", "staple-horse-admin-pass");
		Map<String, String> request = app.authorizationRequest("openid fhirUser user/Patient.rs");

		Response onTheOther = given().port(b.port()).basePath("").cookies(app.cookies()).redirects().follow(false)
			.queryParams(request).get("/oauth2/authorize");

		assertThat(onTheOther.statusCode()).as(onTheOther.asString()).isIn(200, 302);
		assertThat(String.valueOf(onTheOther.header("Location"))).as("sent to sign in again").doesNotContain("/login");
		assertThat(onTheOther.asString()).doesNotContain("name=\"password\"");
	}

	@Test
	void fiveWrongPasswordsOnOneInstanceLockTheAccountOnTheOther() {
		String user = "guessed-" + UUID.randomUUID().toString().substring(0, 8);
		a.admin("test-admin", "staple-horse-admin-pass").contentType("application/json")
			.body(Map.of("password", "a-long-enough-password")).put("/admin/users/" + user).then().statusCode(200);
		for (int i = 0; i < 5; i++) {
			(i % 2 == 0 ? a : b).admin(user, "not-the-password-" + i).get("/admin/users").then().statusCode(401);
		}

		b.admin(user, "a-long-enough-password").get("/admin/users").then().statusCode(429);
		a.admin(user, "a-long-enough-password").get("/admin/users").then().statusCode(429);
	}

	@Test
	void aSubscriptionsEventsAreDeliveredOnceInOrderWhicheverInstanceTheWritesReach() {
		try (NotificationReceiver receiver = new NotificationReceiver()) {
			String patient = a.fhir().body(Subscriptions.patient("Subscribed")).post("/Patient").then().statusCode(201)
				.extract().path("id");
			a.fhir().body(Subscriptions.restHook(Subscriptions.CARE_PLANS, receiver.endpoint("cluster"), "id-only",
					List.of("CarePlan?patient=Patient/" + patient))).post("/Subscription").then().statusCode(201);
			receiver.await("cluster", NotificationReceiver.ofType("handshake"), 1, Duration.ofSeconds(30));

			for (int i = 0; i < 6; i++) {
				(i % 2 == 0 ? a : b).fhir().body(Subscriptions.carePlan(patient, "draft")).post("/CarePlan").then()
					.statusCode(201);
			}

			receiver.await("cluster", received -> received.eventNumbers().contains("6"), 1, Duration.ofSeconds(30));
			NotificationReceiver.sleep(2_000); // time for a second delivery, were there one
			List<String> numbers = receiver.at("cluster").stream()
				.flatMap(received -> received.eventNumbers().stream())
				.toList();
			assertThat(numbers).containsExactly("1", "2", "3", "4", "5", "6");
			assertThat(receiver.at("cluster").stream().filter(NotificationReceiver.ofType("handshake"))).hasSize(1);
		}
	}

	@Test
	void everyWriteIsAuditedOnceWhicheverInstanceDrainsTheOutbox() {
		List<String> patients = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			patients.add((i % 2 == 0 ? a : b).fhir().body(patient("Audited")).post("/Patient").then().statusCode(201)
				.extract().path("id"));
		}

		for (String patient : patients) {
			String search = "/AuditEvent?patient=Patient/" + patient + "&subtype=create";
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
				.until(() -> a.fhir().get(search).then().statusCode(200).extract().<Integer>path("total"),
						total -> total != null && total > 0);
			NotificationReceiver.sleep(300);
			a.fhir().get(search).then().body("total", equalTo(1));
		}
	}

	@Test
	void pagesOfASearchBegunOnOneInstanceAreServedByTheOther() {
		String family = "Paged" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 3; i++) {
			a.fhir().body(patient(family)).post("/Patient").then().statusCode(201);
		}
		String next = a.fhir().get("/Patient?family=" + family + "&_count=2").then().statusCode(200)
			.extract().path("link.find { it.relation == 'next' }.url");

		b.fhir().get(onInstance(next, b).replaceFirst("^.*/fhir", "")).then().statusCode(200)
			.body("entry.size()", equalTo(1));
	}

	@Test
	void anExportBegunOnOneInstanceIsPolledAndDownloadedOnTheOther() {
		String family = "Exported" + UUID.randomUUID().toString().substring(0, 8);
		a.fhir().body(patient(family)).post("/Patient").then().statusCode(201);
		String token = TestTokens.system(a.port());
		String status = given().port(a.port()).basePath("").auth().oauth2(token).header("Prefer", "respond-async")
			.accept("application/fhir+json").get("/fhir/$export?_type=Patient&_typeFilter=Patient?family=" + family)
			.then().statusCode(202).extract().header("Content-Location");

		JsonPath manifest = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
			Response poll = given().basePath("").auth().oauth2(token).accept("application/json").get(onInstance(status, b));
			assertThat(poll.statusCode()).as(poll.asString()).isIn(200, 202);
			return poll.statusCode() == 200 ? poll.jsonPath() : null;
		}, java.util.Objects::nonNull);

		String file = manifest.getString("output[0].url");
		given().basePath("").auth().oauth2(token).accept("application/fhir+ndjson").get(onInstance(file, b)).then().statusCode(200)
			.body(org.hamcrest.Matchers.containsString(family));
	}

	@Test
	void anImportBegunOnOneInstanceIsPolledAndItsRefusedLinesDownloadedOnTheOther() {
		String family = "Imported" + UUID.randomUUID().toString().substring(0, 8);
		String ndjson = patientLine(family + "-1", family) + "\n{\"resourceType\":\"Patient\",\"birthDate\":\"not a date\"}\n";
		String token = TestTokens.system(a.port());
		String status = kickOffImport(a, token, uploaded(a, ndjson));

		JsonPath manifest = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
			Response poll = given().basePath("").auth().oauth2(token).get(onInstance(status, b));
			assertThat(poll.statusCode()).as(poll.asString()).isIn(200, 202);
			return poll.statusCode() == 200 ? poll.jsonPath() : null;
		}, java.util.Objects::nonNull);

		assertThat(manifest.getList("output.count", Integer.class)).containsExactly(1);
		assertThat(manifest.getList("error.count", Integer.class)).containsExactly(1);
		String refused = given().basePath("").auth().oauth2(token).get(onInstance(manifest.getString("error[0].url"), b))
			.then().statusCode(200).contentType("application/fhir+ndjson").extract().asString();
		assertThat(refused.lines().toList()).singleElement().satisfies(line -> assertThat(new JsonPath(line)
			.getString("issue[0].diagnostics")).contains("birthDate"));
		b.fhir().get("/Patient/" + family + "-1").then().statusCode(200);
		given().basePath("").auth().oauth2(token).delete(onInstance(status, b)).then().statusCode(202);
		given().basePath("").auth().oauth2(token).get(status).then().statusCode(404);
	}

	@Test
	void anImportRunningOnOneInstanceIsCancelledFromTheOther() {
		String family = "Cancelled" + UUID.randomUUID().toString().substring(0, 8);
		int lines = 4000;
		StringBuilder ndjson = new StringBuilder();
		for (int i = 0; i < lines; i++) {
			ndjson.append(patientLine(family + "-" + i, family)).append('\n');
		}
		String token = TestTokens.system(a.port());
		String status = kickOffImport(a, token, uploaded(a, ndjson.toString()));

		given().basePath("").auth().oauth2(token).delete(onInstance(status, b)).then().statusCode(202)
			.body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("is cancelled"));

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
				given().basePath("").auth().oauth2(token).get(onInstance(status, b)).then().statusCode(404));
		long stored = new JdbcTemplate(database.getPostgresDatabase()).queryForObject(
				"select count(*) from hfj_resource where res_type = 'Patient' and fhir_id like ?", Long.class, family + "-%");
		assertThat(stored).isLessThan(lines);
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void theClustersScheduledJobsRunOnOneInstanceAndTheOtherTakesOverWhenItStops() {
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(jobs(a, "ran")).as("firings run on the first instance, which took the lease").isPositive();
			assertThat(jobs(b, "skipped")).as("firings skipped on the second").isPositive();
		});
		assertThat(jobs(b, "ran")).as("firings run on the second instance while the first runs").isZero();

		a.close();
		a = null;

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jobs(b, "ran")).isPositive());
	}

	private static double jobs(StandaloneServer server, String outcome) {
		Counter counter = server.bean(MeterRegistry.class).find("careplan.cluster.scheduled.jobs").tag("outcome", outcome)
			.counter();
		return counter == null ? 0 : counter.count();
	}

	private static double cacheHits(StandaloneServer server) {
		Counter counter = server.bean(MeterRegistry.class).find("careplan.read.cache").tag("outcome", "hit").counter();
		return counter == null ? 0 : counter.count();
	}

	/** The same URL, sent to that instance: what a load balancer in front of both may do. */
	private static String onInstance(String url, StandaloneServer server) {
		return url.replaceFirst("//localhost:[0-9]+/", "//localhost:" + server.port() + "/");
	}

	/** The NDJSON as a Binary resource on that instance; its reference. */
	private static String uploaded(StandaloneServer server, String ndjson) {
		String body = "{\"resourceType\":\"Binary\",\"contentType\":\"application/fhir+ndjson\",\"data\":\""
				+ java.util.Base64.getEncoder().encodeToString(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}";
		return "Binary/" + server.fhir().body(body).post("/Binary").then().statusCode(201).extract().path("id");
	}

	/** Starts an import of Patient lines from that Binary on that instance; its status URL. */
	private static String kickOffImport(StandaloneServer server, String token, String binary) {
		String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"input\",\"part\":["
				+ "{\"name\":\"type\",\"valueCode\":\"Patient\"},{\"name\":\"url\",\"valueUri\":\"" + binary + "\"}]}]}";
		return given().port(server.port()).basePath("").auth().oauth2(token).header("Prefer", "respond-async")
			.contentType("application/fhir+json").body(parameters).post("/fhir/$import")
			.then().statusCode(202).extract().header("Content-Location");
	}

	private static String patientLine(String id, String family) {
		return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"" + family + "\"}]}";
	}

	private static String patient(String family) {
		return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
	}

}
