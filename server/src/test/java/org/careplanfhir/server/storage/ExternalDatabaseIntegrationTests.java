package org.careplanfhir.server.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ExternalDatabaseIntegrationTests {

	@Test
	void withADatasourceUrlTheServerUsesThatDatabaseAndStartsNoEmbeddedOne() throws Exception {
		Path dataDir = StandaloneServer.newDataDirectory();
		try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
			// This context also shows a configured public address in the links the server writes.
			Map<String, Object> properties = Map.of("spring.datasource.url", external.getJdbcUrl("postgres", "postgres"),
					"spring.datasource.username", "postgres", "careplan.fhir.server-address",
					"https://fhir.example.org/fhir");
			String id;
			try (StandaloneServer server = StandaloneServer.start(dataDir, properties)) {
				id = server.fhir().body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"External\"}]}")
					.post("/Patient").then().statusCode(201)
					.header("Location", org.hamcrest.Matchers.startsWith("https://fhir.example.org/fhir/Patient/"))
					.extract().path("id");
			}

			JdbcTemplate externalDatabase = new JdbcTemplate(external.getPostgresDatabase());
			assertThat(externalDatabase.queryForObject(
					"SELECT count(*) FROM hfj_resource WHERE res_type = 'Patient' AND fhir_id = ?", Long.class, id))
				.isEqualTo(1);
			assertThat(Files.exists(dataDir.resolve("postgres"))).as("embedded cluster folder").isFalse();
		}
	}

}
