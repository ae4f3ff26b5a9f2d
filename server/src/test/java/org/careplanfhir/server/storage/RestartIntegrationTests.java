package org.careplanfhir.server.storage;

import java.nio.file.Path;
import java.util.Map;

import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@ExtendWith(OutputCaptureExtension.class)
class RestartIntegrationTests {

	@Test
	void dataSchemaAndFullTextIndexSurviveARestartOnTheSameDataDirectory(CapturedOutput output) {
		Path dataDir = StandaloneServer.newDataDirectory();
		String id;
		long migrationsAfterFirstStart;
		try (StandaloneServer first = StandaloneServer.start(dataDir, Map.of())) {
			id = first.fhir().body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Persistent\"}]}")
				.post("/Patient").then().statusCode(201).extract().path("id");
			migrationsAfterFirstStart = migrationRows(first);
			assertThat(migrationsAfterFirstStart).isPositive();
		}
		assertThat(dataDir.resolve("postgres/postmaster.pid")).as("embedded PostgreSQL stopped with the server")
			.doesNotExist();
		int endOfFirstRun = output.getOut().length();

		try (StandaloneServer second = StandaloneServer.start(dataDir, Map.of())) {
			second.fhir().get("/Patient/" + id).then().statusCode(200).body("name[0].family", equalTo("Persistent"));
			second.fhir().get("/Patient?_content=persistent").then().statusCode(200).body("total", equalTo(1));
			assertThat(migrationRows(second)).as("migration tasks recorded after the second start")
				.isEqualTo(migrationsAfterFirstStart);
		}
		assertThat(output.getOut().substring(endOfFirstRun))
			.contains("Database schema is current: 0 migration tasks applied, 0 failed")
			.containsPattern("Careplan FHIR Server ready: FHIR endpoint at http://localhost:\\d+/fhir, started in \\d+ ms");
	}

	private static long migrationRows(StandaloneServer server) {
		return server.bean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM \"FLY_HFJ_MIGRATION\"", Long.class);
	}

}
