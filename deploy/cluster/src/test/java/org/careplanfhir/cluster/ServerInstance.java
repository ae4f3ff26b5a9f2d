package org.careplanfhir.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** The packaged server ({@code server/target/careplan-server}) in a process of its own. */
final class ServerInstance implements AutoCloseable {

	static final String CLIENT = "cluster-proof";

	static final String SECRET = "cluster-proof-secret-0123456789";

	private final String name;

	private final Process process;

	private final int port;

	private String token;

	private ServerInstance(String name, Process process, int port) {
		this.name = name;
		this.process = process;
		this.port = port;
	}

	/** Starts an instance with these settings (and a backend client for the tests); {@link #awaitReady()} waits for it. */
	static ServerInstance launch(String name, int port, Map<String, String> settings) {
		List<String> command = new ArrayList<>(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-jar",
				System.getProperty("careplan.server.jar"), "--server.port=" + port,
				"--careplan.data-dir=" + Processes.newFolder(name), "--careplan.cluster.node-name=" + name,
				"--careplan.security.clients[0].client-id=" + CLIENT,
				"--careplan.security.clients[0].auth-method=client_secret_basic",
				"--careplan.security.clients[0].secret=" + SECRET,
				"--careplan.security.clients[0].scopes=system/*.cruds"));
		settings.forEach((key, value) -> command.add("--" + key + "=" + value));
		return new ServerInstance(name, Processes.start(name, command), port);
	}

	ServerInstance awaitReady() {
		Processes.await("Server " + name, process, Duration.ofMinutes(5), this::ready);
		return this;
	}

	int port() {
		return port;
	}

	/** A FHIR request to this instance, as the backend client. */
	RequestSpecification fhir() {
		if (token == null) {
			token = given().port(port).auth().preemptive().basic(CLIENT, SECRET)
				.formParam("grant_type", "client_credentials").formParam("scope", "system/*.cruds")
				.post("/oauth2/token").then().statusCode(200).extract().path("access_token");
		}
		return given().port(port).basePath("/fhir").auth().oauth2(token)
			.contentType("application/fhir+json").accept("application/fhir+json");
	}

	/** SIGKILL: no shutdown hook runs, no lease is given up, nothing is flushed. */
	void kill() throws InterruptedException {
		process.destroyForcibly().waitFor();
	}

	private boolean ready() {
		try {
			return given().port(port).get("/actuator/health/readiness").statusCode() == 200;
		}
		catch (Exception notYet) {
			return false;
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			process.destroy();
			process.waitFor();
		}
	}

	@Override
	public String toString() {
		return name;
	}

}
