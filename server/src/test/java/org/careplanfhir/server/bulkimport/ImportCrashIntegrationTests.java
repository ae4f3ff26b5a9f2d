package org.careplanfhir.server.bulkimport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.careplanfhir.server.ServerProcess;
import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * An import under way when a single server is killed is reported failed as soon as the server is
 * back, with what happened: its state is in the database, not forgotten with the process (a 404),
 * and not left running for ever.
 */
class ImportCrashIntegrationTests {

	@Test
	void anImportUnderWayWhenTheServerIsKilledIsReportedFailedOnceItIsBack() throws Exception {
		Path dataDir = StandaloneServer.newDataDirectory();
		Path folder = Files.createDirectories(dataDir.resolve("imports"));
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 20_000; i++) {
			lines.append("{\"resourceType\":\"Patient\",\"id\":\"killed-").append(i)
				.append("\",\"name\":[{\"family\":\"Killed\"}]}\n");
		}
		Files.writeString(folder.resolve("Patient.ndjson"), lines);
		int port = StandaloneServer.freePort();
		String[] settings = { "--careplan.storage.embedded.port=" + StandaloneServer.freePort(),
				"--careplan.bulk-import.folder=" + folder };
		String status;
		Process first = ServerProcess.start(dataDir, port, "first", settings);
		try {
			ServerProcess.awaitReady(port, first);
			status = ServerProcess.fhir(port).header("Prefer", "respond-async")
				.body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"input\",\"part\":[{\"name\":\"type\","
						+ "\"valueCode\":\"Patient\"},{\"name\":\"url\",\"valueUri\":\"Patient.ndjson\"}]}]}")
				.post("/$import").then().statusCode(202).extract().header("Content-Location")
				.replaceFirst("^https?://[^/]+/fhir", "");
			// Progress saved to the database: the import is well under way.
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> ServerProcess
				.fhir(port).get(status).then().statusCode(202).header("X-Progress", containsString("lines stored"))
				.header("X-Progress", not(startsWith("0 "))));
		}
		finally {
			first.destroyForcibly(); // SIGKILL, mid-import
			first.waitFor();
		}

		Process second = ServerProcess.start(dataDir, port, "second", settings);
		try {
			ServerProcess.awaitReady(port, second);
			ServerProcess.fhir(port).get(status).then().statusCode(500)
				.body("issue[0].diagnostics", containsString("the server running it stopped before the import ended"))
				.body("issue[0].diagnostics", containsString("what was stored stays"));
			ServerProcess.fhir(port).get("/Patient?family=Killed&_summary=count").then().statusCode(200)
				.body("total", greaterThan(0));
		}
		finally {
			second.destroy();
			second.waitFor();
		}
	}

}
