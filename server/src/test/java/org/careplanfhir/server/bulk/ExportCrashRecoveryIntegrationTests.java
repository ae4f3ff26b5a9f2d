package org.careplanfhir.server.bulk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import org.careplanfhir.server.ServerProcess;
import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * An export under way when the server is killed finishes after it restarts: the work its steps had
 * taken is handed back to the queue at start-up, not left waiting for a process that is gone. A
 * part the killed process had written may be written again, so a resource may appear twice; none
 * is missing.
 */
class ExportCrashRecoveryIntegrationTests {

	@Test
	void anExportUnderWayWhenTheServerIsKilledFinishesAfterItRestartsWithEveryResource() throws Exception {
		Path dataDir = StandaloneServer.newDataDirectory();
		int port = StandaloneServer.freePort();
		int databasePort = StandaloneServer.freePort();
		String database = "--careplan.storage.embedded.port=" + databasePort;
		int patients = 1000;
		String status;
		Process first = ServerProcess.start(dataDir, port, "first", database);
		try {
			ServerProcess.awaitReady(port, first);
			StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
			for (int i = 0; i < patients; i++) {
				bundle.append(i == 0 ? "" : ",")
					.append("{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Interrupted\"}]},")
					.append("\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
			}
			ServerProcess.fhir(port).body(bundle.append("]}").toString()).post("").then().statusCode(200);
			status = ServerProcess.fhir(port).header("Prefer", "respond-async").queryParam("_type", "Patient")
				.get("/$export").then().statusCode(202).extract().header("Content-Location");
			String job = status.replaceFirst(".*_jobId=", "");
			JdbcTemplate stored = new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(),
					"jdbc:postgresql://localhost:" + databasePort + "/careplan", "postgres", ""));
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
				.until(() -> stored.queryForObject("SELECT count(*) FROM bt2_work_chunk WHERE instance_id = ? "
						+ "AND stat IN ('QUEUED', 'IN_PROGRESS')", Long.class, job) > 0);
		}
		finally {
			first.destroyForcibly(); // SIGKILL, with a step of the export handed to its workers and not finished
			first.waitFor();
		}

		Process second = ServerProcess.start(dataDir, port, "second", database);
		try {
			ServerProcess.awaitReady(port, second);
			String poll = status.replaceFirst("^https?://[^/]+/fhir", "");
			Response manifest = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
				.until(() -> ServerProcess.fhir(port).accept("application/json").get(poll),
						answer -> answer.statusCode() == 200);
			Set<String> exported = new HashSet<>();
			for (String url : manifest.jsonPath().getList("output.url", String.class)) {
				ServerProcess.fhir(port).accept("application/fhir+ndjson")
					.get(url.replaceFirst("^https?://[^/]+/fhir", "")).then().statusCode(200)
					.body(containsString("Interrupted")).extract().asString().lines()
					.filter(line -> line.contains("\"Interrupted\""))
					.forEach(line -> exported.add(idOf(line)));
			}
			// Every patient, at least once: a part being written at the kill may be written again.
			assertThat(exported).hasSize(patients);
		}
		finally {
			second.destroy();
			second.waitFor();
		}
	}

	private static String idOf(String ndjsonLine) {
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(ndjsonLine);
		assertThat(id.find()).as(ndjsonLine).isTrue();
		return id.group(1);
	}

}
