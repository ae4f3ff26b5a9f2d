package org.careplanfhir.server.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;

import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped under a running server, then started again on the same data: while it is down,
 * requests fail fast with 503, {@code Retry-After} and an OperationOutcome, and readiness says DOWN;
 * once it is back both recover by themselves, and nothing acknowledged before the outage is lost.
 */
class DatabaseOutageIntegrationTests {

	@Test
	void requestsFailFastWith503AndReadinessFollowsTheDatabaseDownAndUp() throws Exception {
		Path dataDir = StandaloneServer.newDataDirectory();
		Path clusterDir = dataDir.resolve("external-postgres");
		int databasePort = StandaloneServer.freePort();
		EmbeddedPostgres database = startDatabase(clusterDir, databasePort);
		Map<String, Object> properties = Map.of("spring.datasource.url", database.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username", "postgres",
				// Every request must reach the engine, not an answer kept from before the outage.
				"careplan.read-cache.enabled", "false");
		try (StandaloneServer server = StandaloneServer.start(dataDir, properties)) {
			String id = server.fhir().body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"BeforeOutage\"}]}")
				.post("/Patient").then().statusCode(201).extract().path("id");
			assertThat(readiness(server)).isEqualTo(200);

			database.close();

			long down = millisUntil(() -> readiness(server), 503, Duration.ofSeconds(10));
			System.out.printf("Readiness DOWN %d ms after PostgreSQL stopped%n", down);
			assertThat(down).as("ms until readiness is DOWN").isLessThan(3_000);
			long started = System.nanoTime();
			Response read = server.fhir().get("/Patient/" + id);
			Response write = server.fhir().body("{\"resourceType\":\"Patient\"}").post("/Patient");
			long both = (System.nanoTime() - started) / 1_000_000;
			for (Response refused : new Response[] { read, write }) {
				assertThat(refused.statusCode()).isEqualTo(503);
				assertThat(refused.header("Retry-After")).isEqualTo("5");
				assertThat(refused.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
				assertThat(refused.jsonPath().getString("issue[0].diagnostics")).contains("database is not reachable");
				assertThat(refused.asString()).doesNotContain("PSQL", "SQL", "at org.");
			}
			assertThat(both).as("ms for a read and a write to be refused").isLessThan(6_000);

			database = startDatabase(clusterDir, databasePort);

			long up = millisUntil(() -> readiness(server), 200, Duration.ofSeconds(20));
			System.out.printf("Readiness UP %d ms after PostgreSQL accepted connections again%n", up);
			// Hikari's connection adder retries a lost database with a backoff that doubles up to 5 s, so
			// the first connection comes back between 0 and 5 s after PostgreSQL, depending on where in
			// that backoff its return falls; readiness follows within one probe.
			assertThat(up).as("ms until readiness is UP").isLessThan(7_000);
			server.fhir().get("/Patient/" + id).then().statusCode(200);
			server.fhir().body("{\"resourceType\":\"Patient\"}").post("/Patient").then().statusCode(201);
		}
		finally {
			database.close();
		}
	}

	private static EmbeddedPostgres startDatabase(Path clusterDir, int port) throws IOException {
		return EmbeddedPostgres.builder().setDataDirectory(clusterDir).setCleanDataDirectory(false).setPort(port).start();
	}

	private static int readiness(StandaloneServer server) {
		return given().port(server.port()).basePath("").get("/actuator/health/readiness").statusCode();
	}

	private static long millisUntil(IntSupplier status, int expected, Duration limit) throws InterruptedException {
		long start = System.nanoTime();
		while (status.getAsInt() != expected) {
			if (System.nanoTime() - start > limit.toNanos()) {
				throw new AssertionError("Status " + expected + " not reached within " + limit);
			}
			Thread.sleep(100);
		}
		return (System.nanoTime() - start) / 1_000_000;
	}

}
