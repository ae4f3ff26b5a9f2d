package org.careplanfhir.server.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.careplanfhir.server.ServerProcess;
import org.careplanfhir.server.StandaloneServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server killed with {@code kill -9} right after answering reads, then started again on the same
 * data: every answered read has its AuditEvent. The first server drains once an hour, so only what
 * each request committed before its answer counts.
 */
class AuditDurabilityIntegrationTests {

	@Test
	void afterKillNineEveryAnsweredReadHasItsAuditEvent() throws Exception {
		Path dataDir = StandaloneServer.newDataDirectory();
		int port = StandaloneServer.freePort();
		List<String> read = new ArrayList<>();
		Process first = ServerProcess.start(dataDir, port, "first", "--careplan.audit.drain-interval=1h");
		try {
			ServerProcess.awaitReady(port, first);
			for (int i = 0; i < 5; i++) {
				String patient = ServerProcess.fhir(port).body("{\"resourceType\":\"Patient\"}").post("/Patient").then()
					.statusCode(201).extract().path("id");
				ServerProcess.fhir(port).get("/Patient/" + patient).then().statusCode(200);
				read.add(patient);
			}
		}
		finally {
			first.destroyForcibly(); // SIGKILL: no shutdown hook, no last drain
			first.waitFor();
		}

		Process second = ServerProcess.start(dataDir, port, "second");
		try {
			ServerProcess.awaitReady(port, second);
			for (String patient : read) {
				List<?> reads = AuditEvents.await(() -> ServerProcess.fhir(port),
						"/AuditEvent?patient=Patient/" + patient + "&subtype=read", found -> !found.isEmpty());
				assertThat(reads).as("AuditEvents of the read of Patient/%s", patient).hasSize(1);
				List<?> creates = AuditEvents.await(() -> ServerProcess.fhir(port),
						"/AuditEvent?patient=Patient/" + patient + "&subtype=create", found -> !found.isEmpty());
				assertThat(creates).as("AuditEvents of the creation of Patient/%s", patient).hasSize(1);
			}
		}
		finally {
			second.destroy();
			second.waitFor();
		}
	}

}
