package org.careplanfhir.server.utilization;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Two payers' clients, each registered with its payer: each sees its own members (the beneficiaries
 * of its active Coverages), its own attribution Groups and its own MeasureReports, and counts only
 * its members; Groups' members are added and removed ATR-style, or follow the payer's coverage.
 */
class PayerAccessIntegrationTests extends FhirServerTest {

	private static final String SCOPES = "system/*.rs system/Group.cruds system/MeasureReport.cruds";

	private static UtilizationDataset data;

	private static String payerA;

	private static String payerB;

	@BeforeEach
	void storeTheDatasetAndRegisterBothPayersOnce() {
		if (data != null) {
			return;
		}
		data = UtilizationDataset.stored(FhirServerTest::fhir);
		payerA = payerToken("payer-a-" + data.suffix, "Organization/" + data.payerA);
		payerB = payerToken("payer-b-" + data.suffix, "Organization/" + data.payerB);
	}

	private String payerToken(String client, String payer) {
		AdminApi.registerClient(client, Map.of("authMethod", "client_secret_basic", "secret", client + "-secret-long", "scopes",
				List.of(SCOPES.split(" ")), "payer", payer))
			.body("payer", equalTo(payer));
		return TestTokens.clientCredentials(port, client, client + "-secret-long", SCOPES).value();
	}

	@Test
	void eachPayerSearchesOnlyItsMembersRecords() {
		List<String> membersOfA = List.of(data.patient(0), data.patient(2), data.patient(4), data.patient(6));
		as(payerA).get("/Patient?name=Member&_count=500").then().statusCode(200)
			.body("entry.resource.id", everyItem(org.hamcrest.Matchers.in(membersOfA)));
		// Asking for another payer's member by id is refused, as for any confined token.
		as(payerA).get("/Patient?_id=" + data.patient(1)).then().statusCode(403);
		as(payerA).get("/Patient/" + data.patient(1)).then().statusCode(403);
		as(payerA).get("/Patient/" + data.patient(0)).then().statusCode(200);
		long referralsOfA = data.referrals.stream().filter(r -> r.patient() % 2 == 0).count();
		as(payerA).get("/ServiceRequest?_summary=count&_total=accurate").then().statusCode(200)
			.body("total", equalTo((int) referralsOfA));
		as(payerA).get("/ServiceRequest?insurance:Coverage.payor=Organization/" + data.payerB + "&_summary=count")
			.then().statusCode(200).body("total", equalTo(0));
		as(payerB).get("/ServiceRequest?insurance:Coverage.payor=Organization/" + data.payerB + "&_summary=count")
			.then().statusCode(200).body("total", equalTo((int) data.referrals.stream()
				.filter(r -> r.patient() % 2 == 1 && r.insured()).count()));
		as(payerA).get("/Coverage?payor=Organization/" + data.payerB).then().statusCode(200).body("total", equalTo(0));
		as(payerA).get("/Patient/" + data.patient(1) + "/$everything").then().statusCode(403);
		as(payerA).get("/Patient/" + data.patient(0) + "/$everything").then().statusCode(200)
			.body("entry.resource.id", hasItem(data.patient(0)));
		// A patient whose coverage with A was cancelled is no longer A's.
		as(payerA).get("/Patient/" + data.patient(7)).then().statusCode(403);
	}

	/** Rebinding a client holds from its next request, even for answers the read cache kept. */
	@Test
	void aClientMovedToAnotherPayerSeesOnlyTheNewPayersMembersAtOnce() {
		String client = "payer-moving-" + data.suffix;
		String token = payerToken(client, "Organization/" + data.payerA);
		as(token).get("/Patient/" + data.patient(0)).then().statusCode(200);
		as(token).get("/Patient/" + data.patient(0)).then().statusCode(200);
		payerToken(client, "Organization/" + data.payerB);
		as(token).get("/Patient/" + data.patient(0)).then().statusCode(403);
		as(token).get("/Patient/" + data.patient(1)).then().statusCode(200);
	}

	@Test
	void aPayersMeasureCountsOnlyItsMembersAndItsStoredReportIsItsOwn() {
		JsonPath report = as(payerA).get("/Measure/cm-referral-volume/$evaluate-measure?periodStart=2031-01-01"
				+ "&periodEnd=2031-03-31").then().statusCode(200).extract().jsonPath();
		assertThat(MeasureEvaluationIntegrationTests.count(report, 0, "initial-population"))
			.isEqualTo(data.counted(r -> r.patient() % 2 == 0).size());
		assertThat(report.getString("extension[0].valueReference.reference")).isEqualTo("Organization/" + data.payerA);
		String stored = as(payerA).body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"periodStart\","
				+ "\"valueDate\":\"2031-01-01\"},{\"name\":\"periodEnd\",\"valueDate\":\"2031-03-31\"},{\"name\":\"persist\","
				+ "\"valueBoolean\":true}]}")
			.post("/Measure/cm-referral-volume/$evaluate-measure").then().statusCode(200).extract().path("id");
		as(payerA).get("/MeasureReport/" + stored).then().statusCode(200);
		as(payerA).get("/MeasureReport?measure=http://careplan-fhir.org/fhir/Measure/cm-referral-volume").then()
			.statusCode(200).body("entry.resource.id", hasItem(stored));
		as(payerB).get("/MeasureReport/" + stored).then().statusCode(403);
		as(payerB).get("/MeasureReport?measure=http://careplan-fhir.org/fhir/Measure/cm-referral-volume&_count=500").then()
			.statusCode(200).body("entry.resource.id", not(hasItem(stored)));
		// Another payer's member is not a subject a payer may count.
		as(payerA).get("/Measure/cm-referral-volume/$evaluate-measure?periodStart=2031&periodEnd=2031&subject=Patient/"
				+ data.patient(1)).then().statusCode(403);
	}

	@Test
	void membersAreAddedAndRemovedAsTheAttributionGuideHasIt() {
		String group = as(payerA).body(attributionGroup(data.payerA)).post("/Group").then().statusCode(201).extract().path("id");
		as(payerA).body(parameters("patientReference", "{\"reference\":\"Patient/" + data.patient(0) + "\"}"))
			.post("/Group/" + group + "/$member-add").then().statusCode(200)
			.body("member.entity.reference", hasItem("Patient/" + data.patient(0)))
			.body("quantity", equalTo(1));
		as(payerA).body(parameters("memberId", "{\"system\":\"urn:test:members\",\"value\":\"" + data.patient(2) + "\"}"))
			.post("/Group/" + group + "/$member-add").then().statusCode(200).body("quantity", equalTo(2));
		// Another payer's member cannot be attributed, nor named twice.
		as(payerA).body(parameters("patientReference", "{\"reference\":\"Patient/" + data.patient(1) + "\"}"))
			.post("/Group/" + group + "/$member-add").then().statusCode(403);
		as(payerA).body("{\"resourceType\":\"Parameters\"}").post("/Group/" + group + "/$member-add").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("patientReference"));
		as(payerA).body(parameters("patientReference", "{\"reference\":\"Patient/" + data.patient(0) + "\"}"))
			.post("/Group/" + group + "/$member-remove").then().statusCode(200)
			.body("member.find { it.entity.reference == 'Patient/" + data.patient(0) + "' }.inactive", equalTo(true))
			.body("quantity", equalTo(1));
		as(payerA).body(parameters("patientReference", "{\"reference\":\"Patient/" + data.patient(0) + "\"}"))
			.post("/Group/" + group + "/$member-remove").then().statusCode(422);
		// The other payer neither sees the Group nor edits it.
		as(payerB).get("/Group/" + group).then().statusCode(403);
		as(payerB).get("/Group?_count=500").then().statusCode(200).body("entry.resource.id", not(hasItem(group)));
		as(payerB).body(parameters("patientReference", "{\"reference\":\"Patient/" + data.patient(1) + "\"}"))
			.post("/Group/" + group + "/$member-add").then().statusCode(403);
		// Nor may it create a Group in the first payer's name.
		as(payerB).body(attributionGroup(data.payerA)).post("/Group").then().statusCode(403);
	}

	@Test
	void aGroupThatFollowsAPayersCoverageKeepsItsMembersInStep() {
		String group = as(payerA).body(followingGroup(data.payerA)).post("/Group").then().statusCode(201).extract().path("id");
		assertThat(members(group)).containsExactlyInAnyOrder(data.patient(0), data.patient(2), data.patient(4), data.patient(6));

		String newcomer = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"New" + data.suffix + "\"}]}");
		String coverage = create("Coverage", coverage(newcomer, "active"));
		assertThat(members(group)).contains(newcomer).hasSize(5);
		fhir().body(coverage(newcomer, "cancelled").replace("{\"resourceType\":\"Coverage\",",
				"{\"resourceType\":\"Coverage\",\"id\":\"" + coverage + "\",")).put("/Coverage/" + coverage).then().statusCode(200);
		assertThat(members(group)).doesNotContain(newcomer).hasSize(4);
		as(payerA).body(parameters("patientReference", "{\"reference\":\"Patient/" + data.patient(0) + "\"}"))
			.post("/Group/" + group + "/$member-add").then().statusCode(422)
			.body("issue[0].diagnostics", containsString("follows the coverage"));
	}

	@Test
	void aGroupThatNoLongerFollowsItsPayerOrIsDeletedIsLeftAloneWhenTheCoverageChanges() {
		String stopped = as(payerA).body(followingGroup(data.payerA)).post("/Group").then().statusCode(201).extract().path("id");
		String deleted = as(payerA).body(followingGroup(data.payerA)).post("/Group").then().statusCode(201).extract().path("id");
		assertThat(followed(stopped)).containsExactly("Organization/" + data.payerA);
		as(payerA).body(attributionGroup(data.payerA).replace("{\"resourceType\":\"Group\",",
				"{\"resourceType\":\"Group\",\"id\":\"" + stopped + "\",")).put("/Group/" + stopped).then().statusCode(200);
		as(payerA).delete("/Group/" + deleted).then().statusCode(200);
		assertThat(followed(stopped)).isEmpty();
		assertThat(followed(deleted)).isEmpty();

		// A cancelled coverage changes no payer's members, but has the payer's followers written again.
		String newcomer = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Later" + data.suffix + "\"}]}");
		create("Coverage", coverage(newcomer, "cancelled"));
		assertThat(members(stopped)).as("members of a Group listed by hand").isEmpty();
		as(payerA).get("/Group/" + deleted).then().statusCode(410);
	}

	@Test
	void aFollowerRemovedBehindTheServersBackNeitherFailsNorOutlivesTheNextCoverageWrite() {
		database.update("INSERT INTO cp_payer_group (group_id, payer) VALUES (?, ?)", "gone-" + data.suffix,
				"Organization/" + data.payerA);
		String newcomer = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Stale" + data.suffix + "\"}]}");
		fhir().body(coverage(newcomer, "cancelled")).post("/Coverage").then().statusCode(201);
		assertThat(followed("gone-" + data.suffix)).isEmpty();
	}

	@Test
	void aPayerExportsItsAttributionGroupAndNothingElse() throws InterruptedException {
		String group = as(payerA).body(attributionGroup(data.payerA)).post("/Group").then().statusCode(201).extract().path("id");
		for (int i : new int[] { 0, 4 }) {
			as(payerA).body(parameters("patientReference", "{\"reference\":\"Patient/" + data.patient(i) + "\"}"))
				.post("/Group/" + group + "/$member-add").then().statusCode(200);
		}
		String status = exportRequest(payerA).get("/Group/" + group + "/$export?_type=Patient,ServiceRequest")
			.then().statusCode(202).extract().header("Content-Location");
		List<String> lines = download(payerA, status);
		assertThat(lines).isNotEmpty();
		assertThat(String.join("\n", lines)).contains(data.patient(0), data.patient(4))
			.doesNotContain(data.patient(2), data.patient(1), data.patient(3));

		exportRequest(payerB).get("/Group/" + group + "/$export").then().statusCode(403);
		exportRequest(payerA).get("/$export").then().statusCode(403).body(containsString("Group/[id]/$export"));
		exportRequest(payerA).get("/Patient/$export?patient=Patient/" + data.patient(1)).then().statusCode(403);
	}

	private List<String> members(String group) {
		List<String> references = fhir().get("/Group/" + group).then().statusCode(200).extract().jsonPath()
			.getList("member.entity.reference");
		return references == null ? List.of()
				: references.stream().map(reference -> reference.substring("Patient/".length())).toList();
	}

	private String coverage(String patient, String status) {
		return "{\"resourceType\":\"Coverage\",\"status\":\"" + status + "\",\"beneficiary\":{\"reference\":\"Patient/" + patient
				+ "\"},\"payor\":[{\"reference\":\"Organization/" + data.payerA + "\"}]}";
	}

	private List<String> download(String token, String status) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		Response answer;
		do {
			Thread.sleep(500);
			answer = given().auth().oauth2(token).accept(FHIR_JSON).get(status);
		}
		while (answer.statusCode() == 202 && Instant.now().isBefore(deadline));
		assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
		List<String> lines = new ArrayList<>();
		for (String url : answer.jsonPath().<String>getList("output.url")) {
			String ndjson = given().auth().oauth2(token).accept("application/fhir+ndjson").get(url).then().statusCode(200)
				.extract().asString();
			lines.addAll(ndjson.lines().toList());
		}
		return lines;
	}

	private static RequestSpecification exportRequest(String token) {
		return given().auth().oauth2(token).header("Prefer", "respond-async").accept(FHIR_JSON);
	}

	/** A Group whose members are the beneficiaries of the payer's active coverage. */
	private static String followingGroup(String payer) {
		return "{\"resourceType\":\"Group\",\"type\":\"person\",\"actual\":true,\"managingEntity\":"
				+ "{\"reference\":\"Organization/" + payer + "\"},\"characteristic\":[{\"code\":{\"coding\":[{\"system\":"
				+ "\"http://careplan-fhir.org/fhir/CodeSystem/cm-measure\",\"code\":\"payer\"}]},\"valueReference\":"
				+ "{\"reference\":\"Organization/" + payer + "\"},\"exclude\":false}]}";
	}

	/** The payer the followers' table says the Group follows. */
	private List<String> followed(String group) {
		return database.queryForList("SELECT payer FROM cp_payer_group WHERE group_id = ?", String.class, group);
	}

	private static String attributionGroup(String payer) {
		return "{\"resourceType\":\"Group\",\"type\":\"person\",\"actual\":true,\"managingEntity\":{\"reference\":\"Organization/"
				+ payer + "\"}}";
	}

	private static String parameters(String name, String value) {
		String type = name.equals("memberId") ? "valueIdentifier" : "valueReference";
		return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"" + name + "\",\"" + type + "\":" + value + "}]}";
	}

	private static RequestSpecification as(String token) {
		return given().auth().oauth2(token).contentType(FHIR_JSON).accept(FHIR_JSON);
	}

}
