package org.careplanfhir.server.bulk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Bulk Data {@code $export} end to end: kick-off, polling, and NDJSON downloads, as a backend
 * service would do them, and the rules that keep an export within its client's scopes and
 * away from other clients.
 */
class BulkExportIntegrationTests extends FhirServerTest {

	private static final String NDJSON = "application/fhir+ndjson";

	@Test
	void exportWritesTheAskedTypesAsNdjsonFilesForTheClientThatStartedIt() {
		String family = unique("Export");
		String patient = create("Patient", patientJson(family, "female"));
		String plan = create("CarePlan", carePlanJson(patient));
		String token = TestTokens.system(port);

		JsonPath manifest = finish(token, kickOff(token, "/$export?_type=Patient,CarePlan"));

		assertThat(manifest.getBoolean("requiresAccessToken")).isTrue();
		assertThat(manifest.getString("request")).contains("export").contains("_type=Patient");
		assertThat(manifest.getList("output.type", String.class)).contains("Patient", "CarePlan")
			.allMatch(type -> type.equals("Patient") || type.equals("CarePlan"));
		List<String> patients = download(token, manifest, "Patient");
		assertThat(patients).anyMatch(line -> line.contains(family));
		assertThat(patients).allMatch(line -> line.startsWith("{\"resourceType\":\"Patient\""));
		assertThat(download(token, manifest, "CarePlan"))
			.anyMatch(line -> line.contains("\"id\":\"" + plan + "\"") && line.contains("Patient/" + patient));
	}

	@Test
	void aNarrowGrantExportsOnlyTheTypesItMayReadAndSearch() {
		create("Patient", patientJson(unique("Narrow"), "male"));
		String token = scoped("system/Patient.rs");

		JsonPath manifest = finish(token, kickOff(token, "/$export"));
		assertThat(manifest.getList("output.type", String.class)).isNotEmpty().containsOnly("Patient");

		given().auth().oauth2(token).header("Prefer", "respond-async").get("/$export?_type=Patient,CarePlan").then()
			.statusCode(403)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", containsString("'rs' on CarePlan"));
	}

	@Test
	void granularScopesFilterWhatIsExportedTogetherWithTheClientsOwnTypeFilter() {
		String family = unique("Granular");
		String woman = create("Patient", patientJson(family, "female"));
		String man = create("Patient", patientJson(family, "male"));
		String token = scoped("system/Patient.rs?gender=female");

		JsonPath manifest = finish(token, kickOff(token, "/$export", Map.of("_type", "Patient", "_typeFilter", "Patient?family=" + family)));

		List<String> exported = download(token, manifest, "Patient");
		assertThat(exported).hasSize(1);
		assertThat(exported.get(0)).contains("\"id\":\"" + woman + "\"").doesNotContain(man);
	}

	@Test
	void aGroupExportHoldsItsMembersRecordsAndNoOneElses() {
		String family = unique("Member");
		String member = create("Patient", patientJson(family, "female"));
		String outsider = create("Patient", patientJson(family, "male"));
		String memberPlan = create("CarePlan", carePlanJson(member));
		String outsiderPlan = create("CarePlan", carePlanJson(outsider));
		String group = create("Group", """
				{"resourceType":"Group","type":"person","actual":true,"member":[{"entity":{"reference":"Patient/%s"}}]}"""
			.formatted(member));
		String token = TestTokens.system(port);

		JsonPath manifest = finish(token, kickOff(token, "/Group/" + group + "/$export", Map.of("_type", "Patient,CarePlan")));

		assertThat(download(token, manifest, "Patient")).hasSize(1).allMatch(line -> line.contains("\"id\":\"" + member + "\""));
		assertThat(download(token, manifest, "CarePlan")).hasSize(1)
			.allMatch(line -> line.contains("\"id\":\"" + memberPlan + "\""))
			.noneMatch(line -> line.contains(outsiderPlan));
		given().auth().oauth2(scoped("system/Patient.rs system/CarePlan.rs")).header("Prefer", "respond-async")
			.get("/Group/" + group + "/$export?_type=Patient")
			.then()
			.statusCode(403)
			.body("issue[0].diagnostics", containsString("'rs' on Group"));
	}

	@Test
	void aPatientExportHoldsThatPatientsCompartment() {
		String patient = create("Patient", patientJson(unique("Single"), "female"));
		String plan = create("CarePlan", carePlanJson(patient));
		String otherPlan = create("CarePlan", carePlanJson(create("Patient", patientJson(unique("Other"), "male"))));
		String token = TestTokens.system(port);

		JsonPath manifest = finish(token, kickOff(token, "/Patient/" + patient + "/$export", Map.of("_type", "CarePlan")));

		assertThat(download(token, manifest, "CarePlan")).hasSize(1)
			.allMatch(line -> line.contains("\"id\":\"" + plan + "\""))
			.noneMatch(line -> line.contains(otherPlan));
	}

	@Test
	void anotherClientNeitherSeesTheJobNorReadsItsFiles() {
		String owner = TestTokens.system(port);
		String pollUrl = kickOff(owner, "/$export?_type=Patient");
		JsonPath manifest = finish(owner, pollUrl);
		String otherClient = unique("nightly-etl");
		given().basePath("").auth().preemptive().basic("test-admin", "staple-horse-admin-pass")
			.contentType("application/json")
			.body(Map.of("authMethod", "client_secret_basic", "secret", "etl-secret-etl-secret", "scopes",
					List.of("system/Patient.rs")))
			.put("/admin/clients/" + otherClient)
			.then()
			.statusCode(200);
		String other = TestTokens.clientCredentials(port, otherClient, "etl-secret-etl-secret", "system/Patient.rs").value();

		given().auth().oauth2(other).get(pollUrl).then().statusCode(404)
			.body("issue[0].diagnostics", containsString("was started by this client"));
		given().auth().oauth2(other).accept(NDJSON).get(manifest.getString("output[0].url")).then().statusCode(403)
			.body(containsString("another client's bulk export"));
		given().auth().oauth2(other).delete(pollUrl).then().statusCode(404);
		given().auth().oauth2(owner).get(pollUrl).then().statusCode(200);
	}

	@Test
	void kickOffMistakesAreClientErrorsThatSayWhatIsWrong() {
		String token = TestTokens.system(port);
		given().auth().oauth2(token).get("/$export").then().statusCode(400)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", containsString("async"));
		given().auth().oauth2(token).header("Prefer", "respond-async").get("/$export?_type=NoSuchType").then()
			.statusCode(400)
			.body("resourceType", equalTo("OperationOutcome"));
		given().auth().oauth2(token).get("/$export-poll-status").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("_jobId"));
		given().auth().oauth2(token).get("/$export-poll-status?_jobId=no-such-job").then().statusCode(404);
	}

	@Test
	void aCancelledExportIsGone() {
		String token = TestTokens.system(port);
		String pollUrl = kickOff(token, "/$export?_type=Patient");
		int cancelled = given().auth().oauth2(token).delete(pollUrl).then().extract().statusCode();
		// 202 while it runs; 404 when it finished before the cancel arrived.
		assertThat(cancelled).isIn(202, 404);
		if (cancelled == 202) {
			given().auth().oauth2(token).get(pollUrl).then().statusCode(404);
		}
	}

	private String scoped(String scope) {
		return TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET, scope).value();
	}

	private static String kickOff(String token, String path) {
		return kickOff(token, path, Map.of());
	}

	private static String kickOff(String token, String path, Map<String, String> parameters) {
		return given().auth().oauth2(token).header("Prefer", "respond-async").queryParams(parameters).get(path)
			.then()
			.statusCode(202)
			.extract()
			.header("Content-Location");
	}

	/** Polls as a client would, until the export is done; its manifest. */
	private static JsonPath finish(String token, String pollUrl) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		while (Instant.now().isBefore(deadline)) {
			Response status = given().auth().oauth2(token).get(pollUrl);
			if (status.statusCode() == 200) {
				return status.jsonPath();
			}
			assertThat(status.statusCode()).as(status.asString()).isEqualTo(202);
			assertThat(status.header("X-Progress")).isNotBlank();
			sleep();
		}
		throw new AssertionError("The export at " + pollUrl + " did not finish in 90 s");
	}

	private static List<String> download(String token, JsonPath manifest, String type) {
		List<String> lines = new ArrayList<>();
		for (Map<String, String> output : manifest.<Map<String, String>>getList("output")) {
			if (output.get("type").equals(type)) {
				String body = given().auth().oauth2(token).accept(NDJSON).get(output.get("url"))
					.then()
					.statusCode(200)
					.extract()
					.asString();
				body.lines().filter(line -> !line.isBlank()).forEach(lines::add);
			}
		}
		return lines;
	}

	private static String carePlanJson(String patient) {
		return """
				{"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Patient/%s"}}"""
			.formatted(patient);
	}

	private static String patientJson(String family, String gender) {
		return """
				{"resourceType":"Patient","name":[{"family":"%s","given":["Ada"]}],"gender":"%s"}"""
			.formatted(family, gender);
	}

	private static void sleep() {
		try {
			Thread.sleep(250);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new AssertionError(interrupted);
		}
	}

}
