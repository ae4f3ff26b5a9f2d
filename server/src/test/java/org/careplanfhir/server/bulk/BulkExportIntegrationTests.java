package org.careplanfhir.server.bulk;

import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.bulk.ExportFixtures.carePlan;
import static org.careplanfhir.server.bulk.ExportFixtures.group;
import static org.careplanfhir.server.bulk.ExportFixtures.patient;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Bulk Data {@code $export} end to end: kick-off, polling, and NDJSON downloads, as a backend
 * service would do them, and the rules that keep an export within its client's scopes and
 * away from other clients.
 */
class BulkExportIntegrationTests extends FhirServerTest {

	@Test
	void exportWritesTheAskedTypesAsNdjsonFilesForTheClientThatStartedIt() {
		String family = unique("Export");
		String patient = create("Patient", patient(family, "female"));
		String plan = create("CarePlan", carePlan(patient));
		String token = TestTokens.system(port);

		BulkDataClient client = new BulkDataClient(token);
		JsonPath manifest = export(client, "/$export", Map.of("_type", "Patient,CarePlan"));

		assertThat(manifest.getBoolean("requiresAccessToken")).isTrue();
		assertThat(manifest.getString("request")).contains("export").contains("_type=Patient");
		assertThat(manifest.getList("output.type", String.class)).contains("Patient", "CarePlan")
			.allMatch(type -> type.equals("Patient") || type.equals("CarePlan"));
		List<String> patients = client.download(manifest, "Patient");
		assertThat(patients).anyMatch(line -> line.contains(family));
		assertThat(patients).allMatch(line -> line.startsWith("{\"resourceType\":\"Patient\""));
		assertThat(client.download(manifest, "CarePlan"))
			.anyMatch(line -> line.contains("\"id\":\"" + plan + "\"") && line.contains("Patient/" + patient));
	}

	@Test
	void aNarrowGrantExportsOnlyTheTypesItMayReadAndSearch() {
		create("Patient", patient(unique("Narrow"), "male"));
		String token = scoped("system/Patient.rs");

		JsonPath manifest = export(new BulkDataClient(token), "/$export", Map.of());
		assertThat(manifest.getList("output.type", String.class)).isNotEmpty().containsOnly("Patient");

		given().auth().oauth2(token).header("Prefer", "respond-async").get("/$export?_type=Patient,CarePlan").then()
			.statusCode(403)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", containsString("'rs' on CarePlan"));
	}

	@Test
	void granularScopesFilterWhatIsExportedTogetherWithTheClientsOwnTypeFilter() {
		String family = unique("Granular");
		String woman = create("Patient", patient(family, "female"));
		String man = create("Patient", patient(family, "male"));
		String token = scoped("system/Patient.rs?gender=female");

		BulkDataClient client = new BulkDataClient(token);
		JsonPath manifest = export(client, "/$export", Map.of("_type", "Patient", "_typeFilter", "Patient?family=" + family));

		List<String> exported = client.download(manifest, "Patient");
		assertThat(exported).hasSize(1);
		assertThat(exported.get(0)).contains("\"id\":\"" + woman + "\"").doesNotContain(man);
	}

	@Test
	void aGroupExportHoldsItsMembersRecordsAndNoOneElses() {
		String family = unique("Member");
		String member = create("Patient", patient(family, "female"));
		String outsider = create("Patient", patient(family, "male"));
		String memberPlan = create("CarePlan", carePlan(member));
		String outsiderPlan = create("CarePlan", carePlan(outsider));
		String group = create("Group", group(member));
		String token = TestTokens.system(port);

		BulkDataClient client = new BulkDataClient(token);
		JsonPath manifest = export(client, "/Group/" + group + "/$export", Map.of("_type", "Patient,CarePlan"));

		assertThat(client.download(manifest, "Patient")).hasSize(1).allMatch(line -> line.contains("\"id\":\"" + member + "\""));
		assertThat(client.download(manifest, "CarePlan")).hasSize(1)
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
		String patient = create("Patient", patient(unique("Single"), "female"));
		String plan = create("CarePlan", carePlan(patient));
		String otherPlan = create("CarePlan", carePlan(create("Patient", patient(unique("Other"), "male"))));
		String token = TestTokens.system(port);

		BulkDataClient client = new BulkDataClient(token);
		JsonPath manifest = export(client, "/Patient/" + patient + "/$export", Map.of("_type", "CarePlan"));

		assertThat(client.download(manifest, "CarePlan")).hasSize(1)
			.allMatch(line -> line.contains("\"id\":\"" + plan + "\""))
			.noneMatch(line -> line.contains(otherPlan));
	}

	@Test
	void anotherClientNeitherSeesTheJobNorReadsItsFiles() {
		String owner = TestTokens.system(port);
		BulkDataClient ownerClient = new BulkDataClient(owner);
		String pollUrl = ownerClient.kickOff("/$export", Map.of("_type", "Patient"));
		JsonPath manifest = ownerClient.finish(pollUrl);
		String otherClient = unique("nightly-etl");
		AdminApi.registerSecretClient(otherClient, "etl-secret-etl-secret", List.of("system/Patient.rs"));
		String other = TestTokens.clientCredentials(port, otherClient, "etl-secret-etl-secret", "system/Patient.rs").value();

		given().auth().oauth2(other).get(pollUrl).then().statusCode(404)
			.body("issue[0].diagnostics", containsString("was started by this client"));
		given().auth().oauth2(other).accept(BulkDataClient.NDJSON).get(manifest.getString("output[0].url")).then().statusCode(403)
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
		String pollUrl = new BulkDataClient(token).kickOff("/$export", Map.of("_type", "Patient"));
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

	private static JsonPath export(BulkDataClient client, String path, Map<String, String> parameters) {
		return client.finish(client.kickOff(path, parameters));
	}

}
