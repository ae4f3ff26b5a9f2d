package org.careplanfhir.server.storage;

import java.nio.file.Path;
import java.util.Map;

import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

class RestartIntegrationTests {

	@Test
	void dataSchemaAndFullTextIndexSurviveARestartOnTheSameDataDirectory() {
		Path dataDir = StandaloneServer.newDataDirectory();
		String id;
		long migrationsAfterFirstStart;
		try (StandaloneServer first = StandaloneServer.start(dataDir, Map.of())) {
			id = first.fhir().body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Persistent\"}]}")
				.post("/Patient").then().statusCode(201).extract().path("id");
			migrationsAfterFirstStart = migrationRows(first);
			assertThat(migrationsAfterFirstStart).isPositive();
		}

		try (StandaloneServer second = StandaloneServer.start(dataDir, Map.of())) {
			second.fhir().get("/Patient/" + id).then().statusCode(200).body("name[0].family", equalTo("Persistent"));
			second.fhir().get("/Patient?_content=persistent").then().statusCode(200).body("total", equalTo(1));
			assertThat(migrationRows(second)).as("migration tasks recorded after the second start")
				.isEqualTo(migrationsAfterFirstStart);
		}
	}

	private static long migrationRows(StandaloneServer server) {
		return server.bean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM \"FLY_HFJ_MIGRATION\"", Long.class);
	}

}
