package org.careplanfhir.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.jdbc.core.JdbcTemplate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The cluster on one machine: one PostgreSQL, one OpenSearch node, and two server processes in
 * cluster mode behind one public address (the first's, as a load balancer's would be), started at
 * once. What a client does on either, the other honours; the scheduled jobs run on one; and when
 * that one is killed the other carries its work on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesTests {

	private static EmbeddedPostgres database;

	private static SearchNode search;

	private static ServerInstance a;

	private static ServerInstance b;

	@BeforeAll
	static void startTheCluster() throws Exception {
		database = EmbeddedPostgres.builder().start();
		search = SearchNode.start();
		int portA = Processes.freePort();
		Map<String, String> shared = new HashMap<>(Map.of("spring.datasource.url",
				database.getJdbcUrl("postgres", "postgres"), "spring.datasource.username", "postgres",
				"careplan.search.backend", "elasticsearch", "careplan.search.elasticsearch.hosts", search.hosts(),
				"careplan.cluster.lease-duration", "3s", "careplan.fhir.server-address",
				"http://localhost:" + portA + "/fhir", "careplan.background-jobs.step-interval", "500ms"));
		// Both at once, as an orchestrator starts replicas: one creates the tables and installs the
		// packages, the other waits for it and finds them.
		a = ServerInstance.launch("node-a", portA, shared);
		b = ServerInstance.launch("node-b", Processes.freePort(), shared);
		a.awaitReady();
		b.awaitReady();
	}

	@AfterAll
	static void stopTheCluster() throws Exception {
		for (AutoCloseable part : new AutoCloseable[] { a, b, search, database }) {
			if (part != null) {
				part.close();
			}
		}
	}

	@Test
	void aResourceWrittenOnOneInstanceIsFoundByItsWordsOnTheOtherAtOnce() {
		String word = "proof" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		a.fhir().body("""
				{"resourceType":"Patient","name":[{"family":"%s"}],
				 "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Fall risk %s</div>"}}"""
			.formatted(word, word)).post("/Patient").then().statusCode(201);

		b.fhir().get("/Patient?_content=" + word).then().statusCode(200).body("total", equalTo(1));
		b.fhir().get("/Patient?_text=" + word).then().statusCode(200).body("total", equalTo(1));
	}

	@Test
	void aSearchKeptInMemoryOnOneInstanceIsNotStaleAfterAWriteOnTheOther() {
		String family = "Kept" + UUID.randomUUID().toString().substring(0, 8);
		a.fhir().body(patient(family)).post("/Patient").then().statusCode(201);
		b.fhir().get("/Patient?family=" + family).then().body("total", equalTo(1));
		b.fhir().get("/Patient?family=" + family).then().body("total", equalTo(1));

		a.fhir().body(patient(family)).post("/Patient").then().statusCode(201);

		b.fhir().get("/Patient?family=" + family).then().body("total", equalTo(2));
	}

	@Test
	void conditionalCreatesSplitAcrossTheInstancesMakeOneResource() throws Exception {
		String value = UUID.randomUUID().toString();
		String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:proof\",\"value\":\"" + value + "\"}]}";
		ExecutorService clients = Executors.newFixedThreadPool(10);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				ServerInstance instance = i % 2 == 0 ? a : b;
				answers.add(clients.submit(() -> instance.fhir().header("If-None-Exist", "identifier=urn:proof|" + value)
					.body(body).post("/Patient").statusCode()));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isIn(200, 201);
			}
		}
		finally {
			clients.shutdownNow();
		}

		b.fhir().get("/Patient?identifier=urn:proof|" + value).then().body("total", equalTo(1));
	}

	@Test
	void theClustersScheduledJobsRunOnOneInstanceOnly() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			double ranOnA = jobs(a, "ran");
			double ranOnB = jobs(b, "ran");
			assertThat(ranOnA + ranOnB).as("firings run in the cluster").isPositive();
			assertThat(Math.min(ranOnA, ranOnB)).as("firings run on the instance without the lease").isZero();
			assertThat(jobs(ranOnA > 0 ? b : a, "skipped")).as("firings skipped there").isPositive();
		});
	}

	/** What an instance's Prometheus endpoint says of the cluster's scheduled jobs. */
	private static double jobs(ServerInstance instance, String outcome) {
		String metrics = given().port(instance.port()).get("/actuator/prometheus").then().statusCode(200).extract()
			.asString();
		return metrics.lines()
			.filter(line -> line.startsWith("careplan_cluster_scheduled_jobs_total{") && line.contains("outcome=\"" + outcome + "\""))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void anExportWhoseInstanceIsKilledMidwayFinishesOnTheOther() throws Exception {
		JdbcTemplate shared = new JdbcTemplate(database.getPostgresDatabase());
		// The holder of the jobs' lease hands every step of every export to its own workers.
		String holderName = shared.queryForObject(
				"SELECT holder FROM careplan_cluster_lease WHERE name = 'scheduled-jobs'", String.class);
		ServerInstance holder = holderName.equals(a.toString()) ? a : b;
		ServerInstance other = holder == a ? b : a;
		String family = "Exported" + UUID.randomUUID().toString().substring(0, 8);
		int patients = 1000;
		StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		for (int i = 0; i < patients; i++) {
			bundle.append(i == 0 ? "" : ",").append("{\"resource\":").append(patient(family))
				.append(",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
		}
		other.fhir().body(bundle.append("]}").toString()).post("").then().statusCode(200);
		String status = other.fhir().header("Prefer", "respond-async").queryParam("_type", "Patient")
			.queryParam("_typeFilter", "Patient?family=" + family).get("/$export")
			.then().log().ifValidationFails().statusCode(202).extract().header("Content-Location");

		// The holder dies with a step of the export sent to its workers and not finished.
		String job = status.replaceFirst(".*_jobId=", "");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
			.until(() -> shared.queryForObject("SELECT count(*) FROM bt2_work_chunk WHERE instance_id = ? "
					+ "AND stat IN ('QUEUED', 'IN_PROGRESS')", Long.class, job) > 0);
		holder.kill();

		Response manifest = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			Response poll = other.fhir().accept("application/json").get(onInstance(status));
			assertThat(poll.statusCode()).as(poll.asString()).isIn(200, 202);
			return poll;
		}, poll -> poll.statusCode() == 200);
		List<String> exported = new ArrayList<>();
		for (String url : manifest.jsonPath().getList("output.url", String.class)) {
			String file = other.fhir().accept("application/fhir+ndjson").get(onInstance(url)).then().statusCode(200)
				.body(containsString(family)).extract().asString();
			file.lines().filter(line -> !line.isBlank()).map(TwoInstancesTests::idOf).forEach(exported::add);
		}
		// Every patient, at least once: a part being written when the holder died may be written again.
		assertThat(new java.util.HashSet<>(exported)).hasSize(patients);
	}

	private static String idOf(String ndjsonLine) {
		java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(ndjsonLine);
		assertThat(id.find()).as(ndjsonLine).isTrue();
		return id.group(1);
	}

	/** The path of an absolute URL, for a request to a chosen instance: what a load balancer does. */
	private static String onInstance(String url) {
		return url.replaceFirst("^https?://localhost:[0-9]+/fhir", "");
	}

	private static String patient(String family) {
		return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
	}

}
