package org.careplanfhir.server.bulkimport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Bulk Data {@code $import} as a backend service drives it: NDJSON from the server's import folder
 * or an uploaded Binary, a kick-off answered 202, polls until the manifest, the refused lines in an
 * OperationOutcome NDJSON, and the stored records read back.
 */
class BulkImportIntegrationTests extends FhirServerTest {

	@Test
	void anImportStoresTheGoodLinesOfEveryFileAndRefusesEachBadLineWithWhatIsWrongAndWhere() throws Exception {
		String run = unique("imp");
		Path patients = write(run + "-patients.ndjson",
				patient(run + "-p1", "Ada"),
				patient(run + "-p2", "Grace"),
				"{\"resourceType\":\"Patient\",\"id\":\"" + run + "-p3\",\"birthDate\":\"not a date\"}",
				"",
				patient(run + "-p4", "Edsger"));
		// Listed first, loaded after the patients it points at; one line points at no stored patient.
		Path plans = write(run + "-plans.ndjson",
				carePlan(run + "-c1", run + "-p1"),
				"{\"resourceType\":\"CarePlan\",\"id\":\"" + run + "-c2\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
						+ run + "-p2\"}}",
				carePlan(run + "-c3", run + "-nobody"),
				carePlan(run + "-c4", run + "-p4"));

		JsonPath manifest = finish(kickOff(TestTokens.system(port),
				parameters(input("CarePlan", "file://" + plans), input("Patient", patients.getFileName().toString()))));

		assertThat(manifest.getBoolean("requiresAccessToken")).isTrue();
		assertThat(manifest.getString("request")).endsWith("/fhir/$import");
		assertThat(manifest.getList("output.type", String.class)).containsExactly("CarePlan", "Patient");
		assertThat(manifest.getList("output.count", Integer.class)).containsExactly(2, 3);
		assertThat(manifest.getList("error.type", String.class)).containsOnly("OperationOutcome");
		assertThat(manifest.getList("error.count", Integer.class)).containsExactly(2, 1);

		List<JsonPath> planErrors = errors(manifest.getString("error[0].url"));
		assertThat(planErrors).hasSize(2);
		assertThat(planErrors.get(0).getString("issue[0].diagnostics")).startsWith("Line 2 (CarePlan/" + run + "-c2) of file://" + plans);
		assertThat(planErrors.get(0).getString("issue[0].diagnostics")).contains("CarePlan.status: minimum required = 1");
		assertThat(planErrors.get(0).getList("issue.expression.flatten()", String.class)).contains("CarePlan");
		assertThat(planErrors.get(1).getString("issue[0].diagnostics")).startsWith("Line 3 (CarePlan/" + run + "-c3)")
			.contains("Patient/" + run + "-nobody");
		List<JsonPath> patientErrors = errors(manifest.getString("error[1].url"));
		assertThat(patientErrors).hasSize(1);
		assertThat(patientErrors.get(0).getString("issue[0].diagnostics")).startsWith("Line 3 of " + patients.getFileName())
			.contains("is not a FHIR R4 resource");

		for (String stored : List.of("Patient/" + run + "-p1", "Patient/" + run + "-p2", "Patient/" + run + "-p4",
				"CarePlan/" + run + "-c1", "CarePlan/" + run + "-c4")) {
			fhir().get("/" + stored).then().statusCode(200);
		}
		for (String refused : List.of("Patient/" + run + "-p3", "CarePlan/" + run + "-c2", "CarePlan/" + run + "-c3")) {
			fhir().get("/" + refused).then().statusCode(404);
		}
		fhir().get("/CarePlan?subject=Patient/" + run + "-p4").then().statusCode(200).body("total", is(1));
		// Recorded as the client's writes, as the same transaction sent over REST would be.
		fhir().get("/Provenance?target=Patient/" + run + "-p1").then().statusCode(200)
			.body("entry[0].resource.agent[0].who.identifier.value", notNullValue());
	}

	@Test
	void eachImportedWriteIsInTheAuditTrailAndHasAProvenanceAsTheClientsOwn() throws Exception {
		String run = unique("audited");
		Path patients = write(run + ".ndjson", patient(run + "-1", "Ada"));
		finish(kickOff(TestTokens.system(port), parameters(input("Patient", patients.getFileName().toString()))));

		String event = null;
		for (int attempt = 0; attempt < 80 && event == null; attempt++) {
			event = fhir().get("/AuditEvent?entity=Patient/" + run + "-1").then().statusCode(200).extract()
				.path("entry[0].resource.subtype[0].code");
			if (event == null) {
				sleep(250);
			}
		}
		assertThat(event).as("the import's write of Patient/" + run + "-1 in the audit trail").isIn("create", "update");
		fhir().get("/AuditEvent?entity=Patient/" + run + "-1").then()
			.body("entry[0].resource.agent.who.identifier.value.flatten()", hasItem(TestTokens.BACKEND));
		fhir().get("/Provenance?target=Patient/" + run + "-1").then().statusCode(200)
			.body("total", is(1));
	}

	@Test
	void recordsInDifferentFilesThatNameEachOtherAreStoredTogether() throws Exception {
		String run = unique("cycle");
		Path patients = write(run + "-patients.ndjson", patient(run + "-p", "Ada"));
		// The plan names its referral and the referral names the plan: neither file can go first.
		Path plans = write(run + "-plans.ndjson", "{\"resourceType\":\"CarePlan\",\"id\":\"" + run + "-plan\",\"status\":\"active\","
				+ "\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/" + run + "-p\"},\"activity\":[{\"reference\":"
				+ "{\"reference\":\"ServiceRequest/" + run + "-sr\"}}]}");
		Path referrals = write(run + "-referrals.ndjson", "{\"resourceType\":\"ServiceRequest\",\"id\":\"" + run + "-sr\","
				+ "\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/" + run + "-p\"},"
				+ "\"basedOn\":[{\"reference\":\"CarePlan/" + run + "-plan\"}]}");

		JsonPath manifest = finish(kickOff(TestTokens.system(port), parameters(input("CarePlan", plans.getFileName().toString()),
				input("ServiceRequest", referrals.getFileName().toString()), input("Patient", patients.getFileName().toString()))));

		assertThat(manifest.getList("output.count", Integer.class)).containsExactly(1, 1, 1);
		assertThat(manifest.getList("error")).isEmpty();
		fhir().get("/ServiceRequest?based-on=CarePlan/" + run + "-plan").then().statusCode(200)
			.body("total", is(1));
	}

	@Test
	void everyImportedRecordIsFoundByFullTextSearchOnceTheManifestIsOut() throws Exception {
		String run = unique("words");
		String word = "w" + Long.toString(System.nanoTime(), 36);
		// Three batches, written by two writers whose full-text documents the import waits for once, at its end.
		Path patients = write(run + ".ndjson",
				IntStream.rangeClosed(1, 450).mapToObj(i -> patient(run + "-" + i, word)).toArray(String[]::new));

		JsonPath manifest = finish(kickOff(TestTokens.system(port), parameters(input("Patient", patients.getFileName().toString()))));

		assertThat(manifest.getList("output.count", Integer.class)).containsExactly(450);
		fhir().get("/Patient?_content=" + word + "&_summary=count").then().statusCode(200).body("total", is(450));
	}

	@Test
	void linesWithoutAnIdBesideARefusedLineAreCreatedOnceAndTheRefusalNamesOnlyTheBadLine() throws Exception {
		String run = unique("noid");
		Path patients = write(run + "-patients.ndjson", patient(run + "-p", "Ada"));
		String withoutId = "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"title\":\"" + run
				+ "\",\"subject\":{\"reference\":\"Patient/" + run + "-p\"}}";
		// HAPI creates the plans without an id first in a transaction; the plan without a status then
		// refuses it, and the lines are tried again in smaller transactions.
		Path plans = write(run + "-plans.ndjson", withoutId, withoutId,
				"{\"resourceType\":\"CarePlan\",\"id\":\"" + run + "-bad\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
						+ run + "-p\"}}");

		JsonPath manifest = finish(kickOff(TestTokens.system(port), parameters(input("CarePlan", plans.getFileName().toString()),
				input("Patient", patients.getFileName().toString()))));

		assertThat(manifest.getList("output.count", Integer.class)).containsExactly(2, 1);
		assertThat(manifest.getList("error.count", Integer.class)).containsExactly(1);
		List<JsonPath> planErrors = errors(manifest.getString("error[0].url"));
		assertThat(planErrors).hasSize(1);
		assertThat(planErrors.get(0).getString("issue[0].diagnostics")).startsWith("Line 3 (CarePlan/" + run + "-bad)")
			.contains("CarePlan.status: minimum required = 1");
		fhir().get("/CarePlan?subject=Patient/" + run + "-p&_summary=count").then().statusCode(200).body("total", is(2));
	}

	@Test
	void importingTheSameFileAgainStoresNothingTwice() throws Exception {
		String run = unique("again");
		Path patients = write(run + ".ndjson", patient(run + "-1", "Ada"), patient(run + "-2", "Grace"));
		String parameters = parameters(input("Patient", patients.getFileName().toString()));
		finish(kickOff(TestTokens.system(port), parameters));
		JsonPath second = finish(kickOff(TestTokens.system(port), parameters));

		assertThat(second.getList("output.count", Integer.class)).containsExactly(2);
		fhir().get("/Patient/" + run + "-1").then().statusCode(200).body("meta.versionId", is("1"));
		fhir().get("/Patient?family=" + run + "&_summary=count").then().body("total", is(2));
	}

	@Test
	void anUploadedBinaryIsImportedByItsReference() {
		String run = unique("bin");
		String ndjson = patient(run + "-1", "Ada") + "\n" + patient(run + "-2", "Grace") + "\n";
		String binary = create("Binary", "{\"resourceType\":\"Binary\",\"contentType\":\"application/fhir+ndjson\",\"data\":\""
				+ Base64.getEncoder().encodeToString(ndjson.getBytes(StandardCharsets.UTF_8)) + "\"}");

		JsonPath manifest = finish(kickOff(TestTokens.system(port), parameters(input("Patient", "Binary/" + binary))));

		assertThat(manifest.getList("output.count", Integer.class)).containsExactly(2);
		assertThat(manifest.getList("error")).isEmpty();
		fhir().get("/Patient/" + run + "-2").then().statusCode(200).body("name[0].given[0]", is("Grace"));
	}

	@Test
	void onlyABackendThatMayCreateAndUpdateEveryImportedTypeMayImportAndNothingIsStoredOtherwise() throws Exception {
		String run = unique("scope");
		Path patients = write(run + ".ndjson", patient(run + "-1", "Ada"));
		String parameters = parameters(input("Patient", patients.getFileName().toString()));
		String readOnly = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET, "system/*.rs").value();
		String plansOnly = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET, "system/CarePlan.cu").value();
		String filtered = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET,
				"system/Patient.cu?gender=female").value();

		for (String token : List.of(readOnly, plansOnly, filtered)) {
			given().auth().oauth2(token).header("Prefer", "respond-async").contentType(FHIR_JSON).body(parameters)
				.post("/$import").then().statusCode(403)
				.body("issue[0].diagnostics", containsString("system/"));
		}
		String writeOnly = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET, "system/*.cu").value();
		String binary = create("Binary", "{\"resourceType\":\"Binary\",\"contentType\":\"application/fhir+ndjson\",\"data\":\""
				+ Base64.getEncoder().encodeToString(patient(run + "-1", "Ada").getBytes(StandardCharsets.UTF_8)) + "\"}");
		given().auth().oauth2(writeOnly).header("Prefer", "respond-async").contentType(FHIR_JSON)
			.body(parameters(input("Patient", "Binary/" + binary)))
			.post("/$import").then().statusCode(403)
			.body("issue[0].diagnostics", containsString("system/Binary.r"));
		fhir().get("/Patient/" + run + "-1").then().statusCode(404);

		JsonPath manifest = finish(kickOff(writeOnly, parameters));
		assertThat(manifest.getList("output.count", Integer.class)).containsExactly(1);
	}

	@Test
	void kickOffMistakesAreClientErrorsThatSayWhatIsWrong() throws Exception {
		String token = TestTokens.system(port);
		Path inside = write(unique("ok") + ".ndjson", patient(unique("x"), "Ada"));
		Path outside = Files.writeString(Files.createTempFile("outside", ".ndjson"), patient(unique("y"), "Eve"));
		String good = input("Patient", inside.getFileName().toString());

		given().auth().oauth2(token).contentType(FHIR_JSON).body(parameters(good)).post("/$import").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("Prefer: respond-async"));
		Map<String, String> mistakes = Map.of(
				parameters(input("Patient", "https://elsewhere.example/p.ndjson")), "fetches nothing from other hosts",
				parameters(input("Patient", "file://" + outside)), "outside the server's import folder",
				parameters(input("Patient", "../" + importFolder().getFileName() + "/../x.ndjson")), "import folder",
				parameters(input("Patient", "missing.ndjson")), "was not found",
				parameters(input("Nonsense", inside.getFileName().toString())), "not a FHIR R4 resource type",
				parameters(input("Patient", "Binary/does-not-exist")), "does not hold",
				"{\"resourceType\":\"Parameters\"}", "'input' parameters",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"inputFormat\",\"valueCode\":\"text/csv\"}," + good + "]}",
				"only application/fhir+ndjson",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"mode\",\"valueCode\":\"fast\"}," + good + "]}",
				"'mode' is not a bulk import parameter",
				"{\"resourceType\":\"Patient\"}", "not the Parameters resource");
		mistakes.forEach((body, says) -> given().auth().oauth2(token).header("Prefer", "respond-async").contentType(FHIR_JSON)
			.body(body).post("/$import").then().statusCode(400).body("issue[0].diagnostics", containsString(says)));

		given().auth().oauth2(token).get("/$import-poll-status").then().statusCode(400);
		given().auth().oauth2(token).get("/$import-poll-status?_jobId=no-such-import").then().statusCode(404);
	}

	@Test
	void anotherClientIsNotToldOfAnImportAndAFinishedOneIsForgottenOnDelete() throws Exception {
		String run = unique("own");
		Path patients = write(run + ".ndjson", patient(run + "-1", "Ada"));
		String owner = TestTokens.system(port);
		String statusUrl = kickOff(owner, parameters(input("Patient", patients.getFileName().toString())));
		finish(statusUrl);
		String otherClient = unique("loader");
		AdminApi.registerSecretClient(otherClient, "loader-secret-loader-secret", List.of("system/*.cruds"));
		String other = TestTokens.clientCredentials(port, otherClient, "loader-secret-loader-secret", "system/*.cruds").value();

		given().auth().oauth2(other).get(statusUrl).then().statusCode(404);
		given().auth().oauth2(other).delete(statusUrl).then().statusCode(404);
		given().auth().oauth2(owner).delete(statusUrl).then().statusCode(202);
		given().auth().oauth2(owner).get(statusUrl).then().statusCode(404);
	}

	@Test
	void aCancelledImportStopsAfterTheTransactionsUnderWayAndKeepsWhatTheyStored() throws Exception {
		String run = unique("cancel");
		int lines = 5000;
		String[] patients = new String[lines];
		for (int i = 0; i < lines; i++) {
			patients[i] = patient(run + "-" + i, "Ada");
		}
		Path file = write(run + ".ndjson", patients);
		String token = TestTokens.system(port);
		String statusUrl = kickOff(token, parameters(input("Patient", file.getFileName().toString())));

		given().auth().oauth2(token).delete(statusUrl).then().statusCode(202)
			.body("issue[0].diagnostics", containsString("is cancelled"));
		Instant deadline = Instant.now().plusSeconds(60);
		int status = 202;
		while (status == 202 && Instant.now().isBefore(deadline)) {
			sleep(200);
			status = given().auth().oauth2(token).get(statusUrl).then().extract().statusCode();
		}
		assertThat(status).isEqualTo(404);
		long stored = database.queryForObject("select count(*) from hfj_resource where res_type = 'Patient' and fhir_id like ?",
				Long.class, run + "-%");
		assertThat(stored).isLessThan(lines);
	}

	@Test
	void anImportWhoseServerStoppedSayingItIsAliveIsReportedFailedNotForgotten() {
		String job = unique("silent");
		database.update("insert into careplan_import_job (id, client_id, request, server_base, transaction_time,"
				+ " input_types, input_urls, stored, refused, state, heartbeat) values (?, ?, 'x', ?, now(),"
				+ " '{Patient}', '{Binary/1}', '{7}', '{0}', 'RUNNING', now() - interval '2 minutes')",
				job, TestTokens.BACKEND, "http://localhost:" + port + "/fhir");

		given().auth().oauth2(TestTokens.system(port)).get("/$import-poll-status?_jobId=" + job).then().statusCode(500)
			.body("issue[0].diagnostics", containsString("the server running it stopped before the import ended"));
		assertThat(database.queryForObject("select state from careplan_import_job where id = ?", String.class, job))
			.isEqualTo("FAILED");
	}

	private String kickOff(String token, String parameters) {
		return given().auth().oauth2(token).header("Prefer", "respond-async").contentType(FHIR_JSON).body(parameters)
			.post("/$import").then().statusCode(202)
			.extract().header("Content-Location");
	}

	private JsonPath finish(String statusUrl) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (Instant.now().isBefore(deadline)) {
			Response status = given().auth().oauth2(TestTokens.system(port)).get(statusUrl);
			if (status.statusCode() == 200) {
				assertThat(status.contentType()).startsWith("application/json");
				return status.jsonPath();
			}
			assertThat(status.statusCode()).as(status.asString()).isEqualTo(202);
			assertThat(status.header("X-Progress")).contains("lines stored");
			sleep(Long.parseLong(status.header("Retry-After")) * 250);
		}
		throw new AssertionError("The import at " + statusUrl + " did not finish in 120 s");
	}

	private List<JsonPath> errors(String url) {
		String ndjson = given().auth().oauth2(TestTokens.system(port)).get(url).then().statusCode(200)
			.contentType("application/fhir+ndjson").extract().asString();
		return ndjson.lines().filter(line -> !line.isBlank()).map(JsonPath::new).toList();
	}

	private static Path write(String name, String... lines) throws Exception {
		return Files.writeString(importFolder().resolve(name), String.join("\n", lines) + "\n");
	}

	private static String parameters(String... inputs) {
		return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"inputFormat\",\"valueCode\":\"application/fhir+ndjson\"},"
				+ String.join(",", inputs) + "]}";
	}

	private static String input(String type, String url) {
		return "{\"name\":\"input\",\"part\":[{\"name\":\"type\",\"valueCode\":\"" + type + "\"},{\"name\":\"url\",\"valueUri\":\""
				+ url + "\"}]}";
	}

	private static String patient(String id, String given) {
		return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"" + id.replaceAll("-\\d+$", "")
				+ "\",\"given\":[\"" + given + "\"]}]}";
	}

	private static String carePlan(String id, String patient) {
		return "{\"resourceType\":\"CarePlan\",\"id\":\"" + id + "\",\"status\":\"active\",\"intent\":\"plan\","
				+ "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
