package org.careplanfhir.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.restassured.specification.RequestSpecification;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static io.restassured.RestAssured.given;

/**
 * A server started and stopped by the test itself, for what the shared server cannot show: a
 * restart on the same data, or a different database.
 */
public final class StandaloneServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int port;

	private StandaloneServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
		TestTokens.forget(port);
	}

	public static StandaloneServer start(Path dataDir, Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>(properties);
		all.put("careplan.data-dir", dataDir.toString());
		all.putIfAbsent("server.port", Integer.toString(freePort()));
		// As command-line arguments, so that they win over application.yaml like an operator's would.
		String[] arguments = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		return new StandaloneServer(new SpringApplicationBuilder(CareplanServerApplication.class).profiles("test")
			.run(arguments));
	}

	/**
	 * A port no one listens on now, for a server whose public address must be known before it starts.
	 * It is taken below the system's ephemeral range: a port from inside it could meanwhile become the
	 * local end of some outgoing connection, or, for a client that keeps knocking on a port not yet
	 * listened on, the local end of a connection to itself (TCP simultaneous open), and the server
	 * could then not bind it.
	 */
	public static int freePort() {
		int below = ephemeralRangeStart();
		java.util.Random random = new java.util.Random();
		for (int attempt = 0; attempt < 200; attempt++) {
			int candidate = 10_000 + random.nextInt(below - 10_000);
			try (java.net.ServerSocket socket = new java.net.ServerSocket(candidate)) {
				return candidate;
			}
			catch (IOException taken) {
				// Someone listens there; try another.
			}
		}
		throw new IllegalStateException("No free port found between 10000 and " + below);
	}

	private static int ephemeralRangeStart() {
		try {
			String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
			return Math.max(20_000, Integer.parseInt(range.split("\\s+")[0]));
		}
		catch (IOException | RuntimeException notLinux) {
			return 32_768;
		}
	}

	/** A fresh data folder under target/, so that a clean build removes it with its database. */
	public static Path newDataDirectory() {
		try {
			return Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "standalone-")
				.toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public RequestSpecification fhir() {
		return given().port(port)
			.basePath("/fhir")
			.auth()
			.oauth2(TestTokens.system(port))
			.contentType("application/fhir+json")
			.accept("application/fhir+json");
	}

	public int port() {
		return port;
	}

	/** A request outside {@code /fhir} with an account's HTTP Basic credentials, e.g. for {@code /admin}. */
	public RequestSpecification admin(String username, String password) {
		return given().port(port).basePath("").auth().preemptive().basic(username, password);
	}

	public <T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() {
		context.close();
	}

}
