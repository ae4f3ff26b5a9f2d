package org.careplanfhir.server.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.careplanfhir.server.StandaloneServer;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@ExtendWith(OutputCaptureExtension.class)
class RestartIntegrationTests {

	/**
	 * No administrator configured, so that the first start creates one. One port for both starts: it
	 * is part of the public address, which a token's issuer and audience name.
	 */
	private static final Map<String, Object> ONE_PLAIN_USER = Map.of("careplan.security.users[0].username", "plain",
			"careplan.security.users[0].password", "quiet-river-stone-42", "server.port",
			Integer.toString(StandaloneServer.freePort()));

	@Test
	void dataSchemaIndexKeysAndTokensSurviveARestartOnTheSameDataDirectory(CapturedOutput output) {
		Path dataDir = StandaloneServer.newDataDirectory();
		String id;
		long migrationsAfterFirstStart;
		String tokenOfFirstRun;
		String adminPassword;
		try (StandaloneServer first = StandaloneServer.start(dataDir, ONE_PLAIN_USER)) {
			tokenOfFirstRun = TestTokens.system(first.port());
			Matcher created = Pattern.compile("username: admin\\s+password: (\\S+)").matcher(output.getOut());
			assertThat(created.find()).as("first administrator announced once").isTrue();
			adminPassword = created.group(1);
			String accounts = first.admin("admin", adminPassword).get("/admin/users").then().statusCode(200)
				.body("username", hasItems("admin", "plain"))
				.extract()
				.asString();
			assertThat(accounts).doesNotContain("password").doesNotContain(adminPassword);
			id = first.fhir().body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Persistent\"}]}")
				.post("/Patient").then().statusCode(201).extract().path("id");
			migrationsAfterFirstStart = migrationRows(first);
			assertThat(migrationsAfterFirstStart).isPositive();
		}
		assertThat(dataDir.resolve("postgres/postmaster.pid")).as("embedded PostgreSQL stopped with the server")
			.doesNotExist();
		int endOfFirstRun = output.getOut().length();

		try (StandaloneServer second = StandaloneServer.start(dataDir, ONE_PLAIN_USER)) {
			second.fhir().auth().oauth2(tokenOfFirstRun).get("/Patient/" + id).then().statusCode(200)
				.body("name[0].family", equalTo("Persistent"));
			second.admin("admin", adminPassword).get("/admin/users").then().statusCode(200);
			second.fhir().get("/Patient?_content=persistent").then().statusCode(200).body("total", equalTo(1));
			assertThat(migrationRows(second)).as("migration tasks recorded after the second start")
				.isEqualTo(migrationsAfterFirstStart);
		}
		assertThat(output.getOut().substring(endOfFirstRun))
			.doesNotContain("Created the first administrator account")
			.contains("Database schema is current: 0 migration tasks applied, 0 failed")
			.containsPattern("Careplan FHIR Server ready: FHIR endpoint at http://localhost:\\d+/fhir, started in \\d+ ms");
		// Security is on: nothing may tell the operator that the server is open to anyone.
		assertThat(output.getOut()).doesNotContain("does not yet authenticate")
			.doesNotContain("SECURITY IS DISABLED");
	}

	private static long migrationRows(StandaloneServer server) {
		return server.bean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM \"FLY_HFJ_MIGRATION\"", Long.class);
	}

}
