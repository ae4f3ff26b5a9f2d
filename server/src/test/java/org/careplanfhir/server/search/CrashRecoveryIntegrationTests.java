package org.careplanfhir.server.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.ServerProcess;
import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server process killed with {@code kill -9} while a client writes transactions as fast as it
 * can, then started again on the same data folder: every acknowledged transaction is there whole
 * (none in part), and full-text search finds every one of them as soon as the server says ready.
 * The server runs in a JVM of its own, with durable commits, as an operator runs it.
 */
class CrashRecoveryIntegrationTests {

	private static final SecureRandom RANDOM = new SecureRandom();

	@Test
	void afterKillNineEveryAcknowledgedTransactionIsWholeAndFoundByFullTextSearch() throws Exception {
		Path dataDir = StandaloneServer.newDataDirectory();
		int port = StandaloneServer.freePort();
		List<String> acknowledged = new ArrayList<>();
		Process first = start(dataDir, port, "first");
		try {
			awaitReady(port, first);
			for (int i = 0; i < 60; i++) {
				String word = randomWord();
				int status = fhir(port).body(bundle(word)).post("/").statusCode();
				assertThat(status).isEqualTo(200);
				acknowledged.add(word);
			}
		}
		finally {
			first.destroyForcibly(); // SIGKILL: no shutdown hook, no index flush
			first.waitFor();
		}

		Process second = start(dataDir, port, "second");
		try {
			awaitReady(port, second);
			List<String> missing = new ArrayList<>();
			for (String word : acknowledged) {
				int patients = fhir(port).get("/Patient?identifier=urn:careplan:crash|" + word + "&_summary=count")
					.then().statusCode(200).extract().path("total");
				int goals = fhir(port).get("/Goal?_content=" + word + "&_summary=count")
					.then().statusCode(200).extract().path("total");
				assertThat(patients).as("patients of acknowledged transaction %s", word).isEqualTo(1);
				if (goals != 1) {
					missing.add(word);
				}
			}
			assertThat(missing).as("acknowledged goals full-text search does not find").isEmpty();
			// Nothing stored in part: every Goal has its Patient, and no transaction was stored twice.
			int allGoals = fhir(port).get("/Goal?subject.identifier=urn:careplan:crash|&_summary=count")
				.then().statusCode(200).extract().path("total");
			int allPatients = fhir(port).get("/Patient?identifier=urn:careplan:crash|&_summary=count")
				.then().statusCode(200).extract().path("total");
			assertThat(allGoals).isEqualTo(allPatients);
			assertThat(Files.readString(dataDir.resolve("second.log"))).contains("Full-text index: indexed again");
		}
		finally {
			second.destroy(); // SIGTERM: an orderly shutdown that stops PostgreSQL too
			second.waitFor();
		}
	}

	private static String bundle(String word) {
		return """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"fullUrl":"urn:uuid:%1$s","resource":{"resourceType":"Patient",
				   "identifier":[{"system":"urn:careplan:crash","value":"%2$s"}]},
				  "request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Goal","lifecycleStatus":"active",
				   "description":{"text":"Walk to the %2$s shop"},"subject":{"reference":"urn:uuid:%1$s"}},
				  "request":{"method":"POST","url":"Goal"}}]}
				""".formatted(java.util.UUID.randomUUID(), word);
	}

	private static Process start(Path dataDir, int port, String name) throws IOException {
		return ServerProcess.start(dataDir, port, name);
	}

	private static void awaitReady(int port, Process server) throws InterruptedException {
		ServerProcess.awaitReady(port, server);
	}

	private static RequestSpecification fhir(int port) {
		return ServerProcess.fhir(port);
	}

	private static String randomWord() {
		StringBuilder word = new StringBuilder("crash");
		for (int i = 0; i < 10; i++) {
			word.append((char) ('a' + RANDOM.nextInt(26)));
		}
		return word.toString();
	}

}
