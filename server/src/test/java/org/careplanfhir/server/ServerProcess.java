package org.careplanfhir.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server in a JVM of its own, as an operator runs it, for tests that kill it with
 * {@code kill -9}: security off, the read cache off, its log in the data folder under its name.
 */
public final class ServerProcess {

	private ServerProcess() {
	}

	public static Process start(Path dataDir, int port, String name, String... settings) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
				CareplanServerApplication.class.getName(), "--server.port=" + port, "--careplan.data-dir=" + dataDir,
				"--careplan.security.enabled=false", "--careplan.read-cache.enabled=false"));
		command.addAll(List.of(settings));
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dataDir.resolve(name + ".log").toFile())
			.start();
	}

	public static void awaitReady(int port, Process server) throws InterruptedException {
		// A fresh data folder starts in one to three minutes on the 2-core CI machine while the suite runs beside it.
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(server.isAlive()).as("server process alive").isTrue();
			try {
				if (given().port(port).basePath("").get("/actuator/health/readiness").statusCode() == 200) {
					return;
				}
			}
			catch (Exception notListeningYet) {
				// Keep waiting.
			}
			Thread.sleep(250);
		}
		throw new AssertionError("The server did not become ready");
	}

	public static RequestSpecification fhir(int port) {
		return given().port(port).basePath("/fhir").contentType("application/fhir+json").accept("application/fhir+json");
	}

}
