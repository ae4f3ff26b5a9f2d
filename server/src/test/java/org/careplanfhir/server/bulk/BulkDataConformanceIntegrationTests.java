package org.careplanfhir.server.bulk;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.careplanfhir.bench.smart.ClientAuthentication;
import org.careplanfhir.bench.smart.SmartServer;
import org.careplanfhir.bench.smart.TokenEndpoint;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.bulk.ExportFixtures.carePlan;
import static org.careplanfhir.server.bulk.ExportFixtures.group;
import static org.careplanfhir.server.bulk.ExportFixtures.patient;
import static org.careplanfhir.server.bulk.ExportFixtures.referral;
import static org.careplanfhir.server.bulk.ExportFixtures.referralTask;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Bulk Data Access 2.0 to the letter, with a SMART Backend Services client that signs its
 * assertions ({@code private_key_jwt}) as analysts' tools do: what a kick-off accepts and refuses,
 * {@code _elements}, {@code patient}, referral Tasks in a patient's export, status and cancel
 * answers, who may read the files, what a system export leaves out, and the CapabilityStatement.
 */
class BulkDataConformanceIntegrationTests extends FhirServerTest {

	private static final String CLIENT = "bulk-analyst-" + UUID.randomUUID();

	private static RSAKey key;

	@BeforeEach
	void registerTheBackendOnce() throws Exception {
		if (key != null) {
			return;
		}
		key = new RSAKeyGenerator(2048).keyID("analyst-1").generate();
		AdminApi.registerClient(CLIENT, Map.of("name", "Analyst", "authMethod", "private_key_jwt", "jwks",
				new JWKSet(key.toPublicJWK()).toString(), "scopes", List.of("system/*.rs")));
	}

	@Test
	void aTypeFilterNoSearchUnderstandsIsRefusedAtKickOffNotAtPolling() {
		BulkDataClient client = client("system/*.rs");
		client.kickOffRequest().get("/$export?_type=Patient&_typeFilter=Patient?a=b").then()
			.statusCode(400)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", containsString("'a' is not a search parameter of Patient"));
		client.kickOffRequest().get("/$export?_type=Patient&_typeFilter=Patient").then()
			.statusCode(400)
			.body("issue[0].diagnostics", containsString("[type]?[search parameters]"));
		client.kickOffRequest().get("/$export?_type=Patient&_typeFilter=CarePlan?status=active").then()
			.statusCode(400)
			.body("issue[0].diagnostics", containsString("which this export does not hold"));
		client.kickOffRequest().get("/$export?_type=Patient&_typeFilter=Patient?birthdate=notadate").then()
			.statusCode(400)
			.body("issue[0].diagnostics", containsString("notadate"));
		client.kickOffRequest().urlEncodingEnabled(false).get("/$export?_type=Patient&_typeFilter=Patient?%25zz=1").then()
			.statusCode(400)
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void aFilterNeedsTheScopesOfEveryTypeItSearches() {
		String family = unique("Filtered");
		String member = create("Patient", patient(family, "female"));
		String group = create("Group", group(member));
		BulkDataClient observations = client("system/Observation.rs system/Group.rs");
		// Which members match a Patient filter would show in whose observations come back.
		observations.kickOffRequest().get("/Group/" + group + "/$export?_typeFilter=Patient?family=" + family).then()
			.statusCode(403).body("issue[0].diagnostics", containsString("'rs' on Patient"));
		observations.kickOffRequest().get("/$export?_type=Observation&_typeFilter=Observation?subject:Patient.family=" + family)
			.then().statusCode(403).body("issue[0].diagnostics", containsString("searches through other types"));
		observations.kickOffRequest().contentType("application/fhir+json")
			.body(parameters("patient", "valueReference", "Patient/" + member))
			.post("/Group/" + group + "/$export").then()
			.statusCode(403).body("issue[0].diagnostics", containsString("'rs' on Patient"));
		// A granular scope that names patients cannot be applied where the export chooses them.
		client("system/CarePlan.rs?subject=Patient/" + member).kickOffRequest().get("/Patient/$export?_type=CarePlan")
			.then().statusCode(403).body("issue[0].diagnostics", containsString("narrow CarePlan by patient"));
	}

	@Test
	void aKickOffRefusesWhatItCannotHonourUnlessTheClientAsksForLenientHandling() {
		BulkDataClient client = client("system/*.rs");
		String family = unique("Lenient");
		create("Patient", patient(family, "female"));
		String mine = "Patient?family=" + family;

		client.request().accept("application/fhir+json").get("/$export?_type=Patient").then()
			.statusCode(400).body("issue[0].diagnostics", containsString("respond-async"));
		client.request().header("Prefer", "respond-async").accept("application/fhir+xml").get("/$export?_type=Patient")
			.then().statusCode(400).body(containsString("application/fhir+json"));
		String tomorrow = Instant.now().plusSeconds(86_400).toString();
		client.kickOffRequest().get("/$export?_type=Patient&_since=" + tomorrow).then()
			.statusCode(400).body("issue[0].diagnostics", containsString("is in the future"));
		client.kickOffRequest().get("/$export?_type=Patient&_since=yesterday").then()
			.statusCode(400).body("issue[0].diagnostics", containsString("must be an instant"));
		for (String unsupported : List.of("includeAssociatedData=LatestProvenanceResources", "organizeOutputBy=Patient",
				"_outputFormat=text/csv", "_type=NoSuchType", "_type=Binary")) {
			client.kickOffRequest().get("/$export?" + unsupported).then()
				.statusCode(400)
				.body("resourceType", equalTo("OperationOutcome"))
				.body("issue[0].diagnostics", containsString(unsupported.split("=")[unsupported.startsWith("_type") ? 1 : 0]));
		}
		// 'patient' at system level would export everyone: refused even when lenient.
		client.kickOffRequest().header("Prefer", "handling=lenient").get("/$export?patient=Patient/x").then()
			.statusCode(400).body("issue[0].diagnostics", containsString("does not apply to a system-level export"));

		for (String format : List.of("application/fhir+ndjson", "application/ndjson", "ndjson")) {
			client.kickOff("/$export", Map.of("_type", "Patient", "_typeFilter", mine, "_outputFormat", format));
		}

		String statusUrl = client.request().header("Prefer", "respond-async, handling=lenient").accept("application/fhir+json")
			.get("/$export?_type=Patient,NoSuchType&_typeFilter=" + mine
					+ "&includeAssociatedData=LatestProvenanceResources&organizeOutputBy=Patient")
			.then()
			.statusCode(202)
			.body("issue.severity", hasItem("warning"))
			.extract()
			.header("Content-Location");
		JsonPath manifest = client.finish(statusUrl);
		assertThat(BulkDataClient.types(manifest)).containsOnly("Patient");
		assertThat(client.download(manifest, "Patient")).hasSize(1).allMatch(line -> line.contains(family));
		assertThat(manifest.getList("error.type", String.class)).containsExactly("OperationOutcome");
		String leftOut = client.request().accept(BulkDataClient.NDJSON).get(manifest.getString("error[0].url"))
			.then().statusCode(200).extract().asString();
		assertThat(leftOut.lines().toList()).hasSize(3)
			.allMatch(line -> line.startsWith("{\"resourceType\":\"OperationOutcome\""));
		assertThat(leftOut).contains("includeAssociatedData", "organizeOutputBy", "NoSuchType");
	}

	@Test
	void elementsKeepsTheListedAndTheMandatoryElementsAndMarksEveryResourceSubsetted() {
		BulkDataClient client = client("system/*.rs");
		String family = unique("Elements");
		String patient = create("Patient", """
				{"resourceType":"Patient","active":true,"name":[{"family":"%s"}],"gender":"female","birthDate":"1950-01-02"}"""
			.formatted(family));
		create("CarePlan", """
				{"resourceType":"CarePlan","status":"active","intent":"plan","title":"Home safety","description":"Rails",
				 "subject":{"reference":"Patient/%s"}}""".formatted(patient));

		JsonPath manifest = client.finish(client.kickOff("/Patient/" + patient + "/$export",
				Map.of("_type", "Patient,CarePlan", "_elements", "Patient.gender,title")));

		JsonPath exported = JsonPath.from(client.download(manifest, "Patient").get(0));
		assertThat(exported.getString("gender")).isEqualTo("female");
		assertThat(exported.getString("id")).isEqualTo(patient);
		assertThat(exported.getList("name")).isNull();
		assertThat(exported.getString("birthDate")).isNull();
		// A modifier element stays: without it the rest could be read wrongly.
		assertThat(exported.getBoolean("active")).isTrue();
		assertThat(exported.getList("meta.tag.code", String.class)).contains("SUBSETTED");
		JsonPath plan = JsonPath.from(client.download(manifest, "CarePlan").get(0));
		assertThat(plan.getString("title")).isEqualTo("Home safety");
		assertThat(plan.getString("description")).isNull();
		// Mandatory in the base specification, kept though not listed.
		assertThat(plan.getString("status")).isEqualTo("active");
		assertThat(plan.getString("intent")).isEqualTo("plan");
		assertThat(plan.getString("subject.reference")).isEqualTo("Patient/" + patient);
		assertThat(plan.getList("meta.tag.code", String.class)).contains("SUBSETTED");

		client.kickOffRequest().get("/Patient/" + patient + "/$export?_type=Patient&_elements=Patient.nothing").then()
			.statusCode(400).body("issue[0].diagnostics", containsString("Patient.nothing"));
		client.kickOffRequest().get("/Patient/" + patient + "/$export?_type=Patient&_elements=name.given").then()
			.statusCode(400).body("issue[0].diagnostics", containsString("top-level"));
	}

	@Test
	void sinceHoldsAtPatientLevelToo() throws InterruptedException {
		BulkDataClient client = client("system/*.rs");
		String patient = create("Patient", patient(unique("Since"), "female"));
		String before = create("CarePlan", carePlan(patient));
		Thread.sleep(1100);
		String since = Instant.now().toString();
		Thread.sleep(100);
		String after = create("CarePlan", carePlan(patient));

		for (String path : List.of("/Patient/" + patient + "/$export", "/Patient/$export")) {
			JsonPath manifest = client.finish(client.kickOff(path, Map.of("_type", "CarePlan", "_since", since)));
			List<String> plans = client.download(manifest, "CarePlan");
			assertThat(plans).as(path).anyMatch(line -> line.contains("\"id\":\"" + after + "\""))
				.noneMatch(line -> line.contains("\"id\":\"" + before + "\""));
		}
	}

	@Test
	void thePatientParameterNarrowsGroupAndPatientExportsToThePatientsItNames() {
		BulkDataClient client = client("system/*.rs");
		String family = unique("Named");
		String first = create("Patient", patient(family, "female"));
		String second = create("Patient", patient(family, "male"));
		String outsider = create("Patient", patient(family, "other"));
		String firstPlan = create("CarePlan", carePlan(first));
		String secondPlan = create("CarePlan", carePlan(second));
		String group = create("Group", group(first, second));

		JsonPath ofGroup = client.finish(client.kickOffPost("/Group/" + group + "/$export",
				parameters("_type", "valueString", "Patient,CarePlan", "patient", "valueReference", "Patient/" + first)));
		assertThat(client.download(ofGroup, "Patient")).hasSize(1).allMatch(line -> line.contains("\"id\":\"" + first + "\""));
		assertThat(client.download(ofGroup, "CarePlan")).hasSize(1).allMatch(line -> line.contains("\"id\":\"" + firstPlan + "\""));

		JsonPath ofPatients = client.finish(client.kickOffPost("/Patient/$export",
				parameters("_type", "valueString", "CarePlan", "patient", "valueReference", "Patient/" + second)));
		assertThat(client.download(ofPatients, "CarePlan")).hasSize(1)
			.allMatch(line -> line.contains("\"id\":\"" + secondPlan + "\""));

		client.kickOffRequest().contentType("application/fhir+json")
			.body(parameters("patient", "valueReference", "Patient/" + outsider, "_type", "valueString", "Patient"))
			.post("/Group/" + group + "/$export").then()
			.statusCode(400).body("issue[0].diagnostics", containsString("not members of Group/" + group));
		client.kickOffRequest().contentType("application/fhir+json")
			.body(parameters("patient", "valueReference", "Patient/no-such-" + family, "_type", "valueString", "Patient"))
			.post("/Patient/$export").then()
			.statusCode(400).body("issue[0].diagnostics", containsString("does not hold"));
		client.kickOffRequest().contentType("application/fhir+json")
			.body("""
					{"resourceType":"Parameters","parameter":[{"name":"patient","valueReference":{"identifier":{"value":"x"}}}]}""")
			.post("/Patient/$export").then()
			.statusCode(400).body("issue[0].diagnostics", containsString("literal reference"));
		client.kickOffRequest().contentType("application/fhir+json")
			.body("""
					{"resourceType":"Parameters","parameter":[{"valueString":"Patient"}]}""")
			.post("/Patient/$export").then()
			.statusCode(400).body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void aPatientsExportHoldsItsReferralTasksAndAGroupsExportItsMembersTasks() {
		BulkDataClient client = client("system/*.rs");
		String family = unique("Referred");
		String patient = create("Patient", patient(family, "female"));
		String other = create("Patient", patient(family, "male"));
		String task = create("Task", referralTask(patient, create("ServiceRequest", referral(patient))));
		String othersTask = create("Task", referralTask(other, create("ServiceRequest", referral(other))));
		String group = create("Group", group(patient));

		JsonPath record = client.finish(client.kickOff("/Patient/" + patient + "/$export", Map.of()));
		assertThat(BulkDataClient.types(record)).contains("Patient", "ServiceRequest", "Task");
		assertThat(client.download(record, "Task")).hasSize(1).allMatch(line -> line.contains("\"id\":\"" + task + "\""));

		JsonPath members = client.finish(client.kickOff("/Group/" + group + "/$export", Map.of("_type", "Task")));
		assertThat(client.download(members, "Task")).hasSize(1)
			.allMatch(line -> line.contains("\"id\":\"" + task + "\""))
			.noneMatch(line -> line.contains(othersTask));

		JsonPath both = client.finish(client.kickOffPost("/Patient/$export", parameters("_type", "valueString", "Task",
				"patient", "valueReference", "Patient/" + patient, "patient", "valueReference", "Patient/" + other)));
		assertThat(client.download(both, "Task")).hasSize(2);
		// The patients of a patient-level export are chosen by the export, not by a filter.
		client.kickOffRequest().get("/Patient/$export?_type=Task&_typeFilter=Task?patient=Patient/" + other).then()
			.statusCode(400).body("issue[0].diagnostics", containsString("may not name them"));
	}

	@Test
	void aClientThatHonoursRetryAfterFinishesASmallExportInSecondsAndGetsACompleteManifest() {
		BulkDataClient client = client("system/*.rs");
		String family = unique("Paced");
		String patient = create("Patient", patient(family, "female"));
		create("CarePlan", carePlan(patient));

		Instant start = Instant.now();
		String statusUrl = client.kickOff("/Patient/" + patient + "/$export", Map.of("_type", "Patient,CarePlan"));
		JsonPath manifest = client.finish(statusUrl);
		assertThat(client.download(manifest, "CarePlan")).hasSize(1);
		long seconds = java.time.Duration.between(start, Instant.now()).toSeconds();
		System.out.println("Small export: " + seconds + " s, waits " + client.waits);

		assertThat(client.waits).as("Retry-After, in seconds").isNotEmpty().allMatch(wait -> wait >= 1 && wait <= 5);
		assertThat(seconds).as("a two-resource export, polled at the server's pace").isLessThan(30);
		assertThat(manifest.getString("transactionTime")).isNotBlank();
		assertThat(java.net.URLDecoder.decode(manifest.getString("request"), java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo("http://localhost:" + port + "/fhir/Patient/" + patient + "/$export?_type=Patient,CarePlan");
		assertThat(manifest.getBoolean("requiresAccessToken")).isTrue();
		assertThat(manifest.getList("error")).isEmpty();
		assertThat(manifest.getList("output.url", String.class)).allMatch(url -> url.startsWith("http://localhost:" + port + "/fhir/Binary/"));
		Response done = client.request().accept("application/json").get(statusUrl);
		Instant expires = java.time.ZonedDateTime.parse(done.header("Expires"),
				java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
		// The files are kept for careplan.bulk-export.file-retention (2 h) after the export ends.
		assertThat(expires).isBetween(Instant.now().plusSeconds(7_000), Instant.now().plusSeconds(7_300));
		client.request().get(manifest.getString("output[0].url")).then().statusCode(200).contentType(startsWith(BulkDataClient.NDJSON));
		given().accept(BulkDataClient.NDJSON).get(manifest.getString("output[0].url")).then().statusCode(401);
	}

	@Test
	void deletingAnExportAnswersWithAnOutcomeAndAfterwardsItsStatusAndFilesAreGone() {
		BulkDataClient client = client("system/*.rs");
		String patient = create("Patient", patient(unique("Deleted"), "female"));
		String statusUrl = client.kickOff("/Patient/" + patient + "/$export", Map.of("_type", "Patient"));
		JsonPath manifest = client.finish(statusUrl);
		String file = manifest.getString("output[0].url");

		client.request().delete(statusUrl).then()
			.statusCode(202)
			.contentType(startsWith("application/fhir+json"))
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", containsString("deleted"));
		client.request().accept("application/json").get(statusUrl).then()
			.statusCode(404)
			.body("resourceType", equalTo("OperationOutcome"));
		assertThat(client.request().accept(BulkDataClient.NDJSON).get(file).statusCode()).isIn(404, 410);
		client.request().delete(statusUrl).then().statusCode(404);

		// The job starts on the next maintenance pass: a DELETE right after the kick-off cancels it.
		String running = client.kickOff("/$export", Map.of("_type", "Patient,Observation"));
		client.request().delete(running).then()
			.statusCode(202)
			.contentType(startsWith("application/fhir+json"))
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", containsString("was cancelled"));
		client.request().accept("application/json").get(running).then().statusCode(404)
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void aFileIsReadOnlyByItsOwnerAndOnlyWhileItsScopesStillReadTheFilesType() {
		BulkDataClient owner = client("system/*.rs");
		String patient = create("Patient", patient(unique("Owned"), "female"));
		create("CarePlan", carePlan(patient));
		String statusUrl = owner.kickOff("/Patient/" + patient + "/$export", Map.of("_type", "Patient,CarePlan"));
		JsonPath manifest = owner.finish(statusUrl);
		String patients = fileOf(manifest, "Patient");
		String plans = fileOf(manifest, "CarePlan");

		BulkDataClient narrowed = client("system/Observation.rs system/CarePlan.rs");
		narrowed.request().accept(BulkDataClient.NDJSON).get(patients).then()
			.statusCode(403).body(containsString("system/Patient.r"));
		narrowed.request().accept(BulkDataClient.NDJSON).get(plans).then().statusCode(200);

		// Another client, even one that may read everything, neither sees the job nor reads its files.
		String otherClient = unique("other-analyst");
		AdminApi.registerSecretClient(otherClient, "etl-secret-etl-secret", List.of("system/*.rs"));
		String other = org.careplanfhir.server.TestTokens.clientCredentials(port, otherClient, "etl-secret-etl-secret",
				"system/*.rs").value();
		given().auth().oauth2(other).get(statusUrl).then().statusCode(404);
		given().auth().oauth2(other).accept(BulkDataClient.NDJSON).get(patients).then().statusCode(403)
			.body(containsString("another client's bulk export"));
		given().auth().oauth2(other).delete(statusUrl).then().statusCode(404);
		owner.request().get(statusUrl).then().statusCode(200);
	}

	@Test
	void aSystemExportWithoutTypeLeavesOutTheServersConformanceResourcesAndNamingThemExportsThem() {
		String family = unique("Configured");
		create("Patient", patient(family, "female"));
		BulkDataClient client = client("system/Patient.rs system/StructureDefinition.rs system/ValueSet.rs");

		JsonPath manifest = client.finish(client.kickOff("/$export", Map.of("_typeFilter", "Patient?family=" + family)));
		assertThat(BulkDataClient.types(manifest)).containsOnly("Patient");

		String profile = "http://careplan-fhir.org/fhir/StructureDefinition/cm-patient";
		JsonPath named = client.finish(client.kickOff("/$export",
				Map.of("_type", "StructureDefinition", "_typeFilter", "StructureDefinition?url=" + profile)));
		assertThat(client.download(named, "StructureDefinition")).hasSize(1).allMatch(line -> line.contains(profile));

		client("system/StructureDefinition.rs system/ValueSet.rs").kickOffRequest().get("/$export").then()
			.statusCode(403).body("issue[0].diagnostics", containsString("no type this export can include"));
	}

	@Test
	void theCapabilityStatementInstantiatesTheBulkDataServerAndPointsEachExportToItsDefinition() {
		JsonPath statement = given().accept("application/fhir+json").get("/metadata").then().statusCode(200).extract().jsonPath();
		assertThat(statement.getList("instantiates", String.class))
			.contains("http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data");
		assertThat(statement.getList("rest[0].operation.findAll { it.name == 'export' }.definition", String.class))
			.containsExactly("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export");
		assertThat(statement.getList("rest[0].resource.find { it.type == 'Patient' }.operation.findAll { it.name == 'export' }.definition", String.class))
			.containsOnly("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export");
		assertThat(statement.getList("rest[0].resource.find { it.type == 'Group' }.operation.findAll { it.name == 'export' }.definition", String.class))
			.containsExactly("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export");
	}

	private BulkDataClient client(String scope) {
		TokenEndpoint tokens = new TokenEndpoint(SmartServer.onLocalPort(port),
				ClientAuthentication.privateKeyJwt(CLIENT, key, JWSAlgorithm.RS384));
		return new BulkDataClient(tokens.clientCredentials(scope).accessToken());
	}

	private static String fileOf(JsonPath manifest, String type) {
		return manifest.<Map<String, String>>getList("output").stream().filter(output -> output.get("type").equals(type))
			.findFirst().orElseThrow().get("url");
	}

	/** A Parameters body of name, value[x] kind and value triples. */
	private static String parameters(String... triples) {
		StringBuilder parameters = new StringBuilder();
		for (int i = 0; i < triples.length; i += 3) {
			String value = triples[i + 1].equals("valueReference") ? "{\"reference\":\"" + triples[i + 2] + "\"}"
					: "\"" + triples[i + 2] + "\"";
			parameters.append(parameters.isEmpty() ? "" : ",")
				.append("{\"name\":\"").append(triples[i]).append("\",\"").append(triples[i + 1]).append("\":").append(value).append('}');
		}
		return "{\"resourceType\":\"Parameters\",\"parameter\":[" + parameters + "]}";
	}

}
