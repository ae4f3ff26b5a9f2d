package org.careplanfhir.server.bulkimport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.restassured.specification.RequestSpecification;
import org.careplanfhir.bench.Bench;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.StandaloneServer;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The direct writer stores exactly what HAPI's DAO stores. The same generated population (care
 * plans, goals, referrals and their tasks naming each other across files, profiles, security labels,
 * narratives) is imported into the shared server, whose new resources go through the
 * {@link DirectWriter}, and into a server of its own with {@code careplan.bulk-import.writer=transactions};
 * then every row of HAPI's tables for those resources is compared, keys and times aside (resources
 * named by type and id instead), and searches by index, reference, chain, tag and words answer the
 * same. HAPI's schema is not an API: this test is the check a new HAPI version must pass.
 */
@ExtendWith(OutputCaptureExtension.class)
class DirectWriterDifferentialIntegrationTests extends FhirServerTest {

	private static final String SEED = "913";

	private static final String ID_PREFIX = "s" + SEED + "-";

	private static final List<String> SEARCHES = List.of(
			"CarePlan?_content=plan", "CarePlan?_text=plan", "Goal?_content=walk", "Patient?_content=a",
			"CarePlan?subject:Patient.name=a", "ServiceRequest?based-on:CarePlan.status=active",
			"Task?focus:ServiceRequest.status=active", "Patient?_profile=http://careplan-fhir.org/fhir/StructureDefinition/cm-patient",
			"Condition?_security=R", "Goal?lifecycle-status=active", "Coverage?status=active",
			"Patient?birthdate=lt1960", "EpisodeOfCare?status=active", "CareTeam?participant:Practitioner.name=a");

	@Test
	void theDirectWriterStoresTheRowsHapisDaoStoresAndSearchesAnswerTheSame(CapturedOutput output) throws Exception {
		Path population = Files.createTempDirectory("direct-writer-population");
		Bench.run("generate", population.toString(), "40", SEED);
		// Beside the generated records, what they do not hold: a meta.source with a request id, a tag with a
		// version and user-selected flag, a contained resource (stored through a transaction by both servers).
		Files.writeString(population.resolve("ndjson").resolve("Patient.extra.ndjson"), String.join("\n",
				"{\"resourceType\":\"Patient\",\"id\":\"" + ID_PREFIX + "extra-1\",\"meta\":{\"source\":"
						+ "\"http://feeds.example.org/adt#req-17\",\"tag\":[{\"system\":\"http://example.org/tags\","
						+ "\"version\":\"2\",\"code\":\"migrated\",\"userSelected\":true}]},\"name\":[{\"family\":\"Extra\"}]}",
				"{\"resourceType\":\"Patient\",\"id\":\"" + ID_PREFIX + "extra-2\",\"contained\":[{\"resourceType\":"
						+ "\"Organization\",\"id\":\"home\",\"name\":\"Home care\"}],\"managingOrganization\":"
						+ "{\"reference\":\"#home\"},\"name\":[{\"family\":\"Extra\"}]}") + "\n");
		List<Path> files;
		try (Stream<Path> listed = Files.list(population.resolve("ndjson"))) {
			files = listed.sorted().toList();
		}
		Path sharedFolder = Files.createDirectories(importFolder().resolve("direct-" + SEED));
		Path standaloneData = StandaloneServer.newDataDirectory();
		Path standaloneFolder = Files.createDirectories(standaloneData.resolve("imports"));
		for (Path file : files) {
			Files.copy(file, sharedFolder.resolve(file.getFileName()));
			Files.copy(file, standaloneFolder.resolve(file.getFileName()));
		}

		String directImport = importAll(port, fhir(), "direct-" + SEED + "/", files);
		List<String> direct = canonicalRows(database);
		List<String> directAnswers = answers(port);

		try (StandaloneServer hapi = StandaloneServer.start(standaloneData,
				Map.of("careplan.storage.embedded.port", StandaloneServer.freePort(),
						"careplan.bulk-import.folder", standaloneFolder.toString(),
						"careplan.bulk-import.writer", "transactions"))) {
			importAll(hapi.port(), hapi.fhir(), "", files);
			List<String> throughDao = canonicalRows(new JdbcTemplate(hapi.bean(javax.sql.DataSource.class)));
			List<String> daoAnswers = answers(hapi.port());

			assertThat(throughDao).as("HAPI's rows of the imported population").hasSizeGreaterThan(3_000);
			assertThat(direct).containsExactlyElementsOf(throughDao);
			assertThat(directAnswers).containsExactlyElementsOf(daoAnswers);
		}
		// And the shared server's import went through the direct writer, every line but the one with a contained resource.
		Matcher completed = Pattern.compile("Import " + directImport + " completed: (\\d+) lines stored \\((\\d+) of them")
			.matcher(output.getAll());
		assertThat(completed.find()).as("the import's log line").isTrue();
		assertThat(Long.parseLong(completed.group(2))).isEqualTo(Long.parseLong(completed.group(1)) - 1);
	}

	/** Imports every file; the import's id. */
	private static String importAll(int port, RequestSpecification fhir, String folder, List<Path> files) {
		List<String> inputs = new ArrayList<>();
		for (Path file : files) {
			String type = file.getFileName().toString().replaceFirst("\\..*$", "");
			inputs.add("{\"name\":\"input\",\"part\":[{\"name\":\"type\",\"valueCode\":\"" + type + "\"},"
					+ "{\"name\":\"url\",\"valueUri\":\"" + folder + file.getFileName() + "\"}]}");
		}
		String status = fhir.header("Prefer", "respond-async")
			.body("{\"resourceType\":\"Parameters\",\"parameter\":[" + String.join(",", inputs) + "]}")
			.post("/$import").then().statusCode(202).extract().header("Content-Location");
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> given()
			.auth().oauth2(TestTokens.system(port)).get(status).statusCode() == 200);
		given().auth().oauth2(TestTokens.system(port)).get(status).then().statusCode(200)
			.body("error.size()", org.hamcrest.Matchers.is(0));
		return status.substring(status.indexOf("_jobId=") + "_jobId=".length());
	}

	/** Each search's matches among the population's resources (the shared server holds other tests' too). */
	private static List<String> answers(int port) {
		List<String> answers = new ArrayList<>();
		for (String search : SEARCHES) {
			List<String> ids = new ArrayList<>();
			String page = "http://localhost:" + port + "/fhir/" + search + "&_elements=id&_count=1000";
			while (page != null) {
				io.restassured.path.json.JsonPath bundle = given().auth().oauth2(TestTokens.system(port)).get(page).then()
					.statusCode(200).extract().jsonPath();
				bundle.getList("entry.resource.id", String.class).stream().filter(id -> id.startsWith(ID_PREFIX))
					.forEach(ids::add);
				page = bundle.getString("link.find { it.relation == 'next' }.url");
			}
			assertThat(ids).as(search).isNotEmpty();
			answers.add(search + " -> " + ids.stream().sorted().toList());
		}
		return answers;
	}

	/** Every row of HAPI's tables for the population's resources, keys and times left out. */
	private static List<String> canonicalRows(JdbcTemplate db) {
		String mine = "(SELECT res_id, res_type || '/' || fhir_id AS rid FROM hfj_resource WHERE fhir_id LIKE '" + ID_PREFIX
				+ "%')";
		List<String> rows = new ArrayList<>();
		rows.addAll(db.queryForList("SELECT concat_ws('|', 'resource', rid, res_version, has_tags, sp_has_links, hash_sha256,"
				+ " sp_index_status, res_language, sp_cmpstr_uniq_present, sp_cmptoks_present, sp_coords_present, sp_date_present,"
				+ " sp_number_present, sp_quantity_nrml_present, sp_quantity_present, sp_string_present, sp_token_present,"
				+ " sp_uri_present, res_type, res_type_id, search_url_present, res_ver, partition_id, res_deleted_at,"
				+ " res_published = res_updated) FROM hfj_resource JOIN " + mine + " x USING (res_id)", String.class));
		rows.addAll(db.queryForList("SELECT concat_ws('|', 'version', rid, v.res_version, v.has_tags, res_encoding, request_id,"
				+ " res_text IS NULL, md5(res_text_vc), v.res_type, v.res_type_id, v.res_ver, source_uri, v.partition_id,"
				+ " v.res_published = v.res_updated) FROM hfj_res_ver v JOIN " + mine + " x USING (res_id)", String.class));
		for (String kind : List.of("token", "string", "date", "uri", "number", "quantity", "quantity_nrml", "coords")) {
			rows.addAll(db.queryForList("SELECT concat_ws('|', '" + kind + "', rid, (to_jsonb(s) - 'sp_id' - 'res_id' - 'sp_updated')::text)"
					+ " FROM hfj_spidx_" + kind + " s JOIN " + mine + " x USING (res_id)", String.class));
		}
		rows.addAll(db.queryForList("SELECT concat_ws('|', 'link', rid, src_path, source_resource_type, src_res_type_id,"
				+ " t.res_type || '/' || t.fhir_id, target_resource_type, target_res_type_id, target_resource_url,"
				+ " target_resource_version, l.partition_id) FROM hfj_res_link l JOIN " + mine + " x ON x.res_id = l.src_resource_id"
				+ " LEFT JOIN hfj_resource t ON t.res_id = l.target_resource_id", String.class));
		for (String table : List.of("hfj_res_tag", "hfj_history_tag")) {
			rows.addAll(db.queryForList("SELECT concat_ws('|', '" + table + "', rid, d.tag_type, d.tag_system, d.tag_code,"
					+ " d.tag_version, d.tag_user_selected) FROM " + table + " g JOIN " + mine + " x USING (res_id)"
					+ " JOIN hfj_tag_def d USING (tag_id)", String.class));
		}
		rows.addAll(db.queryForList("SELECT concat_ws('|', 'present', rid, p.hash_presence) FROM hfj_res_param_present p"
				+ " JOIN " + mine + " x USING (res_id)", String.class));
		rows.addAll(db.queryForList("SELECT concat_ws('|', 'identity', hash_identity, res_type, sp_name) FROM hfj_spidx_identity"
				+ " WHERE hash_identity IN (SELECT hash_identity FROM hfj_spidx_token s JOIN " + mine + " x USING (res_id))",
				String.class));
		return rows.stream().sorted().toList();
	}

}
