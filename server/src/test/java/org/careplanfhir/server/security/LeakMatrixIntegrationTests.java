package org.careplanfhir.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.subscriptions.NotificationReceiver;
import org.careplanfhir.server.subscriptions.Subscriptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.AdminApi.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * The leak matrix: with patient A's token and with the token of A's case manager (caseload: A
 * only), every request shape that could reveal patient B — reads, searches, includes, chains,
 * {@code _has}, history, {@code $everything}, batches, transactions, writes — answers without any
 * of B's data, and writes to B's records change nothing.
 */
class LeakMatrixIntegrationTests extends FhirServerTest {

	private static CaseloadFixture data;

	private static String patientToken;

	private static String managerToken;

	/** A second pair of patients for the writes: what they store must not change what the reads above see. */
	private static CaseloadFixture writers;

	private static String writerPatientToken;

	private static String writerManagerToken;

	/** A client bound to payer 1, whose only member is A; B is payer 2's member. */
	private static String payerToken;

	private static PayerFixture payers;

	@BeforeEach
	void storeTwoPatientsOnce() {
		if (data != null) {
			return;
		}
		data = CaseloadFixture.create(FhirServerTest::fhir, AdminApi::admin);
		patientToken = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser launch/patient patient/*.cruds", data.patientUser, CaseloadFixture.PASSWORD, null)
			.getString("access_token");
		managerToken = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser user/*.cruds", data.managerUser, CaseloadFixture.PASSWORD, null)
			.getString("access_token");
		writers = CaseloadFixture.create(FhirServerTest::fhir, AdminApi::admin);
		writerPatientToken = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser launch/patient patient/*.cruds", writers.patientUser, CaseloadFixture.PASSWORD, null)
			.getString("access_token");
		writerManagerToken = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser user/*.cruds", writers.managerUser, CaseloadFixture.PASSWORD, null)
			.getString("access_token");
		payers = PayerFixture.create(data, FhirServerTest::fhir);
		payerToken = payers.token(port);
	}

	@TestFactory
	Stream<DynamicTest> payerBoundClientNeverRevealsAnotherPayersMember() {
		return Stream.concat(shapes().stream(), payerShapes().stream())
			.map(shape -> DynamicTest.dynamicTest("payer-bound client: " + shape.name(), () -> assertNoLeak(payerToken, shape)));
	}

	/**
	 * The paths a payer has besides a patient's: its Groups, its reports, its measures, its exports;
	 * asked by the patient's and the case manager's tokens too.
	 */
	private static List<Shape> payerShapes() {
		return List.of(
				new Shape("read B's coverage", (r, d) -> r.get("/Coverage/" + payers.coverageB)),
				new Shape("search coverage of the other payer", (r, d) -> r.get("/Coverage?payor=Organization/" + payers.payer2)),
				new Shape("referrals by the other payer, chained", (r, d) -> r.get("/ServiceRequest?insurance:Coverage.payor=Organization/"
						+ payers.payer2)),
				new Shape("referrals with their insurance included", (r, d) -> r.get("/ServiceRequest?_include=ServiceRequest:insurance&_count=500")),
				new Shape("read the other payer's Group", (r, d) -> r.get("/Group/" + payers.groupOf2)),
				new Shape("search Groups", (r, d) -> r.get("/Group?_count=500")),
				new Shape("search Groups by B", (r, d) -> r.get("/Group?member=Patient/" + d.patientB)),
				new Shape("the other payer's Group's members included", (r, d) -> r.get("/Group?_id=" + payers.groupOf2 + "&_include=Group:member")),
				new Shape("read the other payer's report", (r, d) -> r.get("/MeasureReport/" + payers.reportOf2)),
				new Shape("search reports", (r, d) -> r.get("/MeasureReport?_count=500")),
				new Shape("measure of B", (r, d) -> r.get("/Measure/cm-referral-volume/$evaluate-measure?periodStart=2000&periodEnd=2100"
						+ "&subject=Patient/" + d.patientB + "&reportType=subject-list")),
				new Shape("measure of the other payer's Group", (r, d) -> r.get("/Measure/cm-referral-volume/$evaluate-measure?periodStart=2000"
						+ "&periodEnd=2100&subject=Group/" + payers.groupOf2 + "&reportType=subject-list")),
				new Shape("measure of everyone, listed", (r, d) -> r.get("/Measure/cm-referral-volume/$evaluate-measure?periodStart=2000"
						+ "&periodEnd=2100&reportType=subject-list")),
				new Shape("export of the other payer's Group", (r, d) -> r.header("Prefer", "respond-async")
					.get("/Group/" + payers.groupOf2 + "/$export")),
				new Shape("export of B by patient", (r, d) -> r.header("Prefer", "respond-async")
					.get("/Patient/$export?patient=Patient/" + d.patientB)),
				new Shape("member-add B to my Group", (r, d) -> r.body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":"
						+ "\"patientReference\",\"valueReference\":{\"reference\":\"Patient/" + d.patientB + "\"}}]}")
					.post("/Group/" + payers.groupOf1 + "/$member-add")),
				new Shape("member-remove B from the other payer's Group", (r, d) -> r.body("{\"resourceType\":\"Parameters\","
						+ "\"parameter\":[{\"name\":\"patientReference\",\"valueReference\":{\"reference\":\"Patient/" + d.patientB
						+ "\"}}]}")
					.post("/Group/" + payers.groupOf2 + "/$member-remove")));
	}

	/** What the payer sees of its own member: everything a patient-level path gives. */
	@Test
	void payerBoundClientSeesItsOwnMembersRecords() {
		as(payerToken).get("/Patient/" + data.patientA).then().statusCode(200);
		as(payerToken).get("/CarePlan?_count=500").then().statusCode(200).body("entry.resource.id", hasItems(data.planA));
		as(payerToken).get("/Patient/" + data.patientA + "/$everything").then().statusCode(200)
			.body("entry.resource.id", hasItems(data.goalA, data.referralA));
		as(payerToken).get("/Group/" + payers.groupOf1).then().statusCode(200);
		as(payerToken).get("/MeasureReport/" + payers.reportOf1).then().statusCode(200);
	}

	@TestFactory
	Stream<DynamicTest> patientTokenNeverRevealsAnotherPatient() {
		return Stream.concat(shapes().stream(), payerShapes().stream())
			.map(shape -> DynamicTest.dynamicTest("patient token: " + shape.name(), () -> assertNoLeak(patientToken, shape)));
	}

	@TestFactory
	Stream<DynamicTest> caseManagerTokenNeverRevealsPatientsOutsideTheCaseload() {
		return Stream.concat(shapes().stream(), payerShapes().stream())
			.map(shape -> DynamicTest.dynamicTest("case manager token: " + shape.name(),
					() -> assertNoLeak(managerToken, shape)));
	}

	/** The read cache keeps answers per grant: what a full-access caller was answered stays its own. */
	@TestFactory
	Stream<DynamicTest> answersKeptForAFullAccessCallerNeverReachAPatientOrCaseManager() {
		return Stream.of("/Patient/%s", "/CarePlan?subject=Patient/%s", "/CarePlan?_count=200",
				"/Patient/%s/$everything", "/Condition?_count=200&_include=Condition:subject", "/Patient?_count=200")
			.map(template -> DynamicTest.dynamicTest(template, () -> {
				String url = template.formatted(data.patientB);
				fhir().get(url).then().statusCode(200);
				fhir().get(url).then().statusCode(200).body(template.contains("%s") ? containsString(data.patientB)
						: containsString("Bundle"));
				for (String token : List.of(patientToken, managerToken)) {
					assertNoLeak(token, new Shape("after a full-access answer: " + url, (r, d) -> r.get(url)));
				}
			}));
	}

	/** A's own write that points at B's records: whatever it answers, it says nothing of B's. */
	@TestFactory
	Stream<DynamicTest> myWriteThatReferencesAnotherPatientsRecordsRevealsNothingOfThem() {
		return Stream.of(writerPatientToken, writerManagerToken)
			.flatMap(token -> writeShapes().stream()
				.map(shape -> DynamicTest.dynamicTest((token.equals(writerPatientToken) ? "patient" : "case manager")
						+ " token: " + shape.name(), () -> assertNoLeak(token, shape, writers))));
	}

	/** The new search forms answer a confined token with its own records: narrowed, not refused. */
	@Test
	void compartmentSearchesOfMyOwnRecordsAnswerWithThem() {
		for (String token : List.of(patientToken, managerToken)) {
			as(token).get("/Patient/" + data.patientA + "/Encounter").then().statusCode(200)
				.body("entry.resource.id", org.hamcrest.Matchers.contains(data.encounterA));
			as(token).get("/Patient/" + data.patientA + "/CarePlan").then().statusCode(200)
				.body("entry.resource.id", org.hamcrest.Matchers.hasItems(data.planA, data.planAssessA))
				.body("entry.resource.subject.reference", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("Patient/" + data.patientA)));
			as(token).get("/?_type=CarePlan&_id=" + data.planA).then().statusCode(200)
				.body("entry.resource.id", org.hamcrest.Matchers.contains(data.planA));
			as(token).get("/?_type=CarePlan,Goal").then().statusCode(403);
		}
	}

	/**
	 * The referral-sequence rule judges an active referral by the goal it pertains to, and B's goal
	 * follows a goal of B's that is not achieved. A's referral to B's goal is answered exactly as one
	 * to a goal that does not exist, not with B's goal ids and achievement status.
	 */
	@Test
	void aWriteThatNamesAnotherPatientsGoalIsAnsweredAsIfTheGoalDidNotExist() {
		String missing = "no-such-goal-" + writers.suffix;
		for (String token : List.of(writerPatientToken, writerManagerToken)) {
			Response toB = as(token).body(referralFor(writers.patientA, "Goal/" + writers.goalB)).post("/ServiceRequest");
			Response toNothing = as(token).body(referralFor(writers.patientA, "Goal/" + missing)).post("/ServiceRequest");
			assertThat(toB.statusCode()).as(toB.asString()).isEqualTo(toNothing.statusCode());
			assertThat(toB.<String>path("issue[0].diagnostics"))
				.isEqualTo(toNothing.<String>path("issue[0].diagnostics").replace(missing, writers.goalB));
			assertThat(toB.asString()).doesNotContain("Goal/" + writers.goalBFirst, writers.goalNoteB);
		}
		// Whoever may see B's goals is told why: the rule still judges with its caller's rights.
		fhir().body(referralFor(writers.patientB, "Goal/" + writers.goalB))
			.post("/ServiceRequest")
			.then()
			.statusCode(422)
			.body(containsString("Goal/" + writers.goalBFirst));
	}

	/**
	 * A token that may write referrals but not read goals is still held to the sequence of its own
	 * patient's goals, but the refusal does not describe a goal it could not read.
	 */
	@Test
	void aWorkflowRuleJudgesMyOwnGoalsWithoutDescribingWhatMyScopesCannotRead() {
		String first = create("Goal", CaseloadFixture.goal(writers.patientA));
		String second = create("Goal", CaseloadFixture.goalFollowing(writers.patientA, first, "Dress alone"));
		String referralsOnly = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser launch/patient patient/ServiceRequest.c", writers.patientUser,
					CaseloadFixture.PASSWORD, null)
			.getString("access_token");
		as(referralsOnly).body(referralFor(writers.patientA, "Goal/" + second))
			.post("/ServiceRequest")
			.then()
			.statusCode(422)
			.body(containsString("the token's scopes do not let it read which"))
			.body(not(containsString("Goal/" + first)));
		as(writerPatientToken).body(referralFor(writers.patientA, "Goal/" + second))
			.post("/ServiceRequest")
			.then()
			.statusCode(422)
			.body(containsString("follows Goal/" + first));
	}

	/** A count holds no record to check, so a batch's searches must be narrowed like any other. */
	@Test
	void countsInABatchTellAConfinedTokenNothingOfAnotherPatient() {
		for (String token : List.of(patientToken, managerToken)) {
			as(token).body(batch("CarePlan?subject=Patient/" + data.patientB + "&_summary=count",
					"Task?patient=Patient/" + data.patientB + "&_summary=count", "Task?_summary=count",
					"Task?_id=" + data.taskB + "&_summary=count", "Condition?_summary=count"))
				.post("/")
				.then()
				.statusCode(200)
				.body("entry[0].resource.total", equalTo(0))
				.body("entry[1].resource.total", equalTo(0))
				.body("entry[2].resource.total", equalTo(1))
				.body("entry[3].resource.total", equalTo(0))
				.body("entry[4].resource.total", equalTo(1));
		}
	}

	@Test
	void patientTokenStillReadsThePatientsOwnRecords() {
		for (String token : List.of(patientToken, managerToken)) {
			as(token).get("/Patient/" + data.patientA).then().statusCode(200);
			as(token).get("/CarePlan")
				.then()
				.statusCode(200)
				.body("entry.resource.id", hasItems(data.planA, data.planAssessA));
			as(token).get("/CarePlan?_include=CarePlan:subject")
				.then()
				.statusCode(200)
				.body("entry.resource.id", hasItem(data.patientA));
			as(token).get("/Patient/" + data.patientA + "/$everything")
				.then()
				.statusCode(200)
				.body("entry.resource.id", hasItems(data.goalA, data.conditionA, data.referralA));
			as(token).get("/ServiceRequest?_summary=count").then().statusCode(200).body("total", equalTo(1));
			// Referral Tasks are part of the patient's record (Task.for), though not of R4's compartment.
			as(token).get("/Task").then().statusCode(200).body("entry.resource.id", hasItem(data.taskA));
			as(token).get("/Task/" + data.taskA).then().statusCode(200);
			// The server's Provenance of the patient's records (not only of the Patient itself).
			as(token).get("/Provenance?patient=Patient/" + data.patientA + "&_count=500").then().statusCode(200)
				.body("entry.resource.target.reference.flatten()", hasItem("CarePlan/" + data.planA + "/_history/1"));
			as(token).get("/CarePlan?_id=" + data.planA + "&_revinclude=Provenance:target").then().statusCode(200)
				.body("entry.resource.resourceType", hasItem("Provenance"));
			as(token).get("/Patient/" + data.patientA + "/$everything?_type=Provenance,CarePlan").then().statusCode(200)
				.body("entry.resource.resourceType", hasItem("Provenance"));
			as(token).get("/Patient/" + data.patientA + "/Task").then().statusCode(200)
				.body("entry.resource.id", hasItem(data.taskA));
			as(token).get("/Patient/" + data.patientA + "/$everything?_type=Task").then().statusCode(200)
				.body("entry.resource.id", hasItem(data.taskA));
			// Outside every compartment: readable because the scopes name every type.
			as(token).get("/Practitioner/" + data.managerB).then().statusCode(200);
		}
	}

	@Test
	void writesToAnotherPatientChangeNothing() {
		String before = fhir().get("/CarePlan/" + data.planB).then().statusCode(200).extract().path("meta.versionId");
		long plansOfB = fhir().get("/CarePlan?subject=Patient/" + data.patientB + "&_summary=count")
			.then()
			.extract()
			.<Integer>path("total");
		for (String token : List.of(patientToken, managerToken)) {
			as(token).body(carePlanFor(data.patientB).replace("{\"resourceType\":\"CarePlan\",",
					"{\"resourceType\":\"CarePlan\",\"id\":\"" + data.planB + "\","))
				.put("/CarePlan/" + data.planB)
				.then()
				.statusCode(403);
			as(token).delete("/CarePlan/" + data.planB).then().statusCode(403);
			as(token).body(carePlanFor(data.patientB)).post("/CarePlan").then().statusCode(403);
			as(token).contentType("application/json-patch+json")
				.body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"revoked\"}]")
				.patch("/CarePlan/" + data.planB)
				.then()
				.statusCode(403);
			as(token).body(transaction(carePlanFor(data.patientB))).post("/").then().statusCode(403);
		}
		fhir().get("/CarePlan/" + data.planB).then().statusCode(200).body("meta.versionId", equalTo(before));
		assertThat(fhir().get("/CarePlan?subject=Patient/" + data.patientB + "&_summary=count")
			.then()
			.extract()
			.<Integer>path("total")).isEqualTo((int) plansOfB);
	}

	@Test
	void subscriptionsHearOnlyWhatTheirCreatorsGrantReachesAndAreTheirCreatorsAlone() {
		try (NotificationReceiver receiver = new NotificationReceiver()) {
			String patientsSubscription = as(patientToken)
				.body(Subscriptions.restHook(Subscriptions.CARE_PLANS, receiver.endpoint("patient-a"), "full-resource", List.of()))
				.post("/Subscription").then().statusCode(201).extract().path("id");
			String managersSubscription = as(managerToken)
				.body(Subscriptions.restHook(Subscriptions.REFERRALS, receiver.endpoint("manager-a"), "full-resource", List.of()))
				.post("/Subscription").then().statusCode(201).extract().path("id");
			receiver.await("patient-a", NotificationReceiver.ofType("handshake"), 1, java.time.Duration.ofSeconds(15));
			receiver.await("manager-a", NotificationReceiver.ofType("handshake"), 1, java.time.Duration.ofSeconds(15));

			// B's changes first: when A's, made after them, have arrived, B's would have too.
			String planOfB = fhir().body(carePlanFor(data.patientB)).post("/CarePlan").then().statusCode(201).extract().path("id");
			String taskOfB = fhir().body(referralTaskFor(data.patientB, data.referralB)).post("/Task").then().statusCode(201)
				.extract().path("id");
			String planOfA = fhir().body(carePlanFor(data.patientA)).post("/CarePlan").then().statusCode(201).extract().path("id");
			String taskOfA = fhir().body(referralTaskFor(data.patientA, data.referralA)).post("/Task").then().statusCode(201)
				.extract().path("id");

			receiver.await("patient-a", r -> r.body().contains("\"id\":\"" + planOfA + "\""), 1, java.time.Duration.ofSeconds(15));
			receiver.await("manager-a", r -> r.body().contains("\"id\":\"" + taskOfA + "\""), 1, java.time.Duration.ofSeconds(15));
			for (String path : List.of("patient-a", "manager-a")) {
				for (NotificationReceiver.Received notification : receiver.at(path)) {
					assertThat(notification.body()).as(path).doesNotContain(data.secretsOfB())
						.doesNotContain("CarePlan/" + planOfB, "Task/" + taskOfB, "\"id\":\"" + planOfB + "\"",
								"\"id\":\"" + taskOfB + "\"");
				}
			}

			// A subscription is its creator's: the other user of the same app is told it does not exist.
			as(managerToken).get("/Subscription/" + patientsSubscription).then().statusCode(404);
			as(managerToken).get("/Subscription/" + patientsSubscription + "/$status").then().statusCode(404);
			as(managerToken).get("/Subscription/" + patientsSubscription + "/$events").then().statusCode(404);
			as(managerToken).get("/Subscription?_count=500").then().statusCode(200)
				.body("entry.resource.id", not(hasItem(patientsSubscription)))
				.body("entry.resource.id", hasItem(managersSubscription));
			as(managerToken).delete("/Subscription/" + patientsSubscription).then().statusCode(404);
			as(patientToken).get("/Subscription/" + patientsSubscription + "/$status").then().statusCode(200);
			fhir().get("/Subscription/" + patientsSubscription).then().statusCode(200).body("status", equalTo("active"));
		}
	}

	@Test
	void patientTokenMayWriteInsideItsOwnCompartment() {
		String created = as(patientToken).body(carePlanFor(data.patientA))
			.post("/CarePlan")
			.then()
			.statusCode(201)
			.extract()
			.path("id");
		assertThat(fhir().get("/CarePlan/" + created).then().statusCode(200).extract().<String>path("subject.reference"))
			.isEqualTo("Patient/" + data.patientA);
	}

	private void assertNoLeak(String token, Shape shape) {
		assertNoLeak(token, shape, data);
	}

	/**
	 * Whatever the status, the answer holds nothing of B's that the client did not send itself: a
	 * bundle's links and an error about the URL repeat the request, and a created resource repeats
	 * its body, but anything else of B's in the answer is a leak.
	 */
	private void assertNoLeak(String token, Shape shape, CaseloadFixture fixture) {
		StringBuilder sent = new StringBuilder();
		Response response = shape.request().apply(as(token).filter((request, answer, chain) -> {
			sent.append(URLDecoder.decode(request.getURI(), StandardCharsets.UTF_8)).append('\n')
				.append(request.getHeaders()).append('\n')
				.append(request.getFormParams()).append('\n')
				.append(Objects.toString(request.getBody(), ""));
			return chain.next(request, answer);
		}), fixture);
		String body = response.asString();
		assertThat(response.statusCode()).as(shape.name() + " status; body: " + body).isIn(200, 201, 202, 400, 403, 404, 422);
		List<String> notSent = Arrays.stream(fixture.secretsOfB()).filter(secret -> !sent.toString().contains(secret)).toList();
		if (!notSent.isEmpty()) {
			assertThat(body).as(shape.name()).doesNotContain(notSent);
		}
		if (response.statusCode() == 403) {
			assertThat(body).contains("OperationOutcome");
		}
	}

	/** An AuditEvent about the patient, once the drain has stored one (the fixture read B's records). */
	private static String auditEventOf(String patient) {
		for (int attempt = 0; attempt < 40; attempt++) {
			String id = fhir().get("/AuditEvent?patient=Patient/" + patient + "&_count=1").then().statusCode(200).extract()
				.path("entry[0].resource.id");
			if (id != null) {
				return id;
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		throw new AssertionError("No AuditEvent about Patient/" + patient + " arrived");
	}

	private static List<Shape> shapes() {
		return List.of(
				new Shape("read B", (r, d) -> r.get("/Patient/" + d.patientB)),
				new Shape("vread B", (r, d) -> r.get("/Patient/" + d.patientB + "/_history/1")),
				new Shape("read B's care plan", (r, d) -> r.get("/CarePlan/" + d.planB)),
				new Shape("vread B's care plan", (r, d) -> r.get("/CarePlan/" + d.planB + "/_history/1")),
				new Shape("read B's encounter", (r, d) -> r.get("/Encounter/" + d.encounterB)),
				new Shape("search Patient by B's id", (r, d) -> r.get("/Patient?_id=" + d.patientB)),
				new Shape("search Patient by B's name", (r, d) -> r.get("/Patient?family=" + d.familyB)),
				new Shape("search all patients", (r, d) -> r.get("/Patient?_count=500")),
				new Shape("search care plans of B", (r, d) -> r.get("/CarePlan?subject=Patient/" + d.patientB)),
				new Shape("search care plans by B's plan id", (r, d) -> r.get("/CarePlan?_id=" + d.planB)),
				new Shape("search care plans by B's identifier", (r, d) -> r.get("/CarePlan?identifier=urn:test:plans|planB" + d.suffix)),
				new Shape("search all care plans", (r, d) -> r.get("/CarePlan?_count=500")),
				new Shape("search all goals", (r, d) -> r.get("/Goal?_count=500")),
				new Shape("search goals of B", (r, d) -> r.get("/Goal?patient=Patient/" + d.patientB)),
				new Shape("count service requests", (r, d) -> r.get("/ServiceRequest?_summary=count")),
				new Shape("include subjects of all plans", (r, d) -> r.get("/CarePlan?_include=CarePlan:subject&_count=500")),
				new Shape("include care teams, iterate members", (r, d) -> r.get("/CarePlan?_include=CarePlan:care-team&_include:iterate=CareTeam:participant")),
				new Shape("revinclude plans of patients", (r, d) -> r.get("/Patient?_revinclude=CarePlan:subject&_count=500")),
				new Shape("revinclude care teams of practitioners", (r, d) -> r.get("/Practitioner?_id=" + d.managerB + "&_revinclude=CareTeam:participant")),
				new Shape("chain into B's name", (r, d) -> r.get("/CarePlan?subject.family=" + d.familyB)),
				new Shape("typed chain into B's name", (r, d) -> r.get("/CarePlan?subject:Patient.family=" + d.familyB)),
				new Shape("_has of B's plans", (r, d) -> r.get("/Patient?_has:CarePlan:subject:identifier=urn:test:plans|planB" + d.suffix)),
				new Shape("_has from practitioners into B's team", (r, d) -> r.get("/Practitioner?_has:CareTeam:participant:patient=Patient/" + d.patientB)),
				new Shape("chain from practitioners' teams", (r, d) -> r.get("/CareTeam?participant=Practitioner/" + d.managerB)),
				new Shape("full text of B's condition", (r, d) -> r.get("/Condition?_content=" + d.conditionNoteB)),
				new Shape("B's instance history", (r, d) -> r.get("/Patient/" + d.patientB + "/_history")),
				new Shape("care plan type history", (r, d) -> r.get("/CarePlan/_history")),
				new Shape("system history", (r, d) -> r.get("/_history")),
				new Shape("system search", (r, d) -> r.get("/?_type=CarePlan")),
				new Shape("audit trail, every event", (r, d) -> r.get("/AuditEvent?_count=1000")),
				new Shape("audit trail of B", (r, d) -> r.get("/AuditEvent?patient=Patient/" + d.patientB)),
				new Shape("audit events naming B's care plan", (r, d) -> r.get("/AuditEvent?entity=CarePlan/" + d.planB)),
				new Shape("read an audit event of B's", (r, d) -> r.get("/AuditEvent/" + auditEventOf(d.patientB))),
				new Shape("audit trail export file", (r, d) -> r.get("/AuditEvent/$export-file?since=0&until="
						+ (System.currentTimeMillis() + 60_000) + "&from=0")),
				new Shape("audit trail export", (r, d) -> r.header("Prefer", "respond-async").get("/$export?_type=AuditEvent")),
				new Shape("caseload of B's case manager", (r, d) -> r.get("/Practitioner/" + d.managerB + "/$caseload")),
				new Shape("caseload of B's case manager by POST", (r, d) -> r.body("{\"resourceType\":\"Parameters\"}")
					.post("/Practitioner/" + d.managerB + "/$caseload")),
				new Shape("own caseload", (r, d) -> r.get("/$caseload")),
				new Shape("system search over several types", (r, d) -> r.get("/?_type=Patient,CarePlan,Goal")),
				new Shape("system search by B's id", (r, d) -> r.get("/?_id=" + d.patientB)),
				new Shape("system search by B's plan id, one type", (r, d) -> r.get("/?_type=CarePlan&_id=" + d.planB)),
				new Shape("system search by last update", (r, d) -> r.get("/?_lastUpdated=ge2000-01-01")),
				new Shape("B's $everything", (r, d) -> r.get("/Patient/" + d.patientB + "/$everything")),
				new Shape("type-level $everything", (r, d) -> r.get("/Patient/$everything")),
				new Shape("compartment search of B", (r, d) -> r.get("/Patient/" + d.patientB + "/CarePlan")),
				new Shape("compartment search of B's encounters", (r, d) -> r.get("/Patient/" + d.patientB + "/Encounter")),
				new Shape("compartment search of B, every type", (r, d) -> r.get("/Patient/" + d.patientB + "/*")),
				new Shape("compartment search of B's patient record", (r, d) -> r.get("/Patient/" + d.patientB + "/Patient")),
				new Shape("B's $everything in a window", (r, d) -> r.get("/Patient/" + d.patientB + "/$everything?start=2000&_since=2000-01-01T00:00:00Z")),
				new Shape("approximate date search of plans", (r, d) -> r.get("/CarePlan?date=ap2024&_count=500")),
				new Shape("POST _search for B", (r, d) -> r.contentType("application/x-www-form-urlencoded")
					.formParam("subject", "Patient/" + d.patientB)
					.post("/CarePlan/_search")),
				new Shape("batch read of B", (r, d) -> r.body(batch("Patient/" + d.patientB, "CarePlan?subject=Patient/" + d.patientB)).post("/")),
				new Shape("conditional create matching B's plan", (r, d) -> r.header("If-None-Exist", "identifier=urn:test:plans|planB" + d.suffix)
					.body(carePlanFor(d.patientA))
					.post("/CarePlan")),
				new Shape("conditional update matching B's plan", (r, d) -> r.body(carePlanFor(d.patientA))
					.put("/CarePlan?identifier=urn:test:plans|planB" + d.suffix)),
				new Shape("conditional delete matching B's plan", (r, d) -> r.delete("/CarePlan?identifier=urn:test:plans|planB" + d.suffix)),
				new Shape("transaction with a conditional create matching B's plan", (r, d) -> r.body(
						"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + carePlanFor(d.patientA)
								+ ",\"request\":{\"method\":\"POST\",\"url\":\"CarePlan\",\"ifNoneExist\":\"identifier=urn:test:plans|planB"
								+ d.suffix + "\"}}]}")
					.post("/")),
				new Shape("$meta of B", (r, d) -> r.get("/Patient/" + d.patientB + "/$meta")),
				new Shape("elements of all plans", (r, d) -> r.get("/CarePlan?_elements=subject,identifier")),
				new Shape("sorted and paged plans", (r, d) -> r.get("/CarePlan?_sort=-_lastUpdated&_count=1")),
				new Shape("system bulk export", (r, d) -> r.header("Prefer", "respond-async").get("/$export")),
				new Shape("all-patients bulk export", (r, d) -> r.header("Prefer", "respond-async").get("/Patient/$export")),
				new Shape("B's bulk export", (r, d) -> r.header("Prefer", "respond-async").get("/Patient/" + d.patientB + "/$export")),
				new Shape("read B's referral task", (r, d) -> r.get("/Task/" + d.taskB)),
				new Shape("B's referral task's history", (r, d) -> r.get("/Task/" + d.taskB + "/_history")),
				new Shape("search all tasks", (r, d) -> r.get("/Task?_count=500")),
				new Shape("search tasks for B", (r, d) -> r.get("/Task?patient=Patient/" + d.patientB)),
				new Shape("search tasks by B's task id", (r, d) -> r.get("/Task?_id=" + d.taskB)),
				new Shape("search tasks by B's referral", (r, d) -> r.get("/Task?focus=ServiceRequest/" + d.referralB)),
				new Shape("full text of B's task", (r, d) -> r.get("/Task?_content=" + d.taskNoteB)),
				new Shape("include the patients of all tasks", (r, d) -> r.get("/Task?_include=Task:patient&_count=500")),
				new Shape("revinclude tasks of patients", (r, d) -> r.get("/Patient?_revinclude=Task:patient&_count=500")),
				new Shape("revinclude tasks of B's referral", (r, d) -> r.get("/ServiceRequest?_id=" + d.referralB + "&_revinclude=Task:focus")),
				new Shape("compartment search of B's tasks", (r, d) -> r.get("/Patient/" + d.patientB + "/Task")),
				new Shape("system search of tasks", (r, d) -> r.get("/?_type=Task")),
				new Shape("tasks' type history", (r, d) -> r.get("/Task/_history")),
				new Shape("provenance of B's records", (r, d) -> r.get("/Provenance?patient=Patient/" + d.patientB)),
				new Shape("provenance of B's care plan", (r, d) -> r.get("/Provenance?target=CarePlan/" + d.planB)),
				new Shape("all provenance", (r, d) -> r.get("/Provenance?_count=500")),
				new Shape("revinclude provenance of B's plan", (r, d) -> r.get("/CarePlan?_id=" + d.planB + "&_revinclude=Provenance:target")),
				new Shape("provenance with its targets included", (r, d) -> r.get("/Provenance?_include=Provenance:target&_count=500")),
				new Shape("bulk export of A's own records", (r, d) -> r.header("Prefer", "respond-async")
					.get("/Patient/" + d.patientA + "/$export?_type=Patient,CarePlan")));
	}

	private static List<Shape> writeShapes() {
		return List.of(
				new Shape("my active referral pertains to B's goal",
						(r, d) -> r.body(referralFor(d.patientA, "Goal/" + d.goalB)).post("/ServiceRequest")),
				new Shape("my referral names B's encounter", (r, d) -> r.body(
						"{\"resourceType\":\"ServiceRequest\",\"status\":\"draft\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/"
								+ d.patientA + "\"},\"encounter\":{\"reference\":\"Encounter/" + d.encounterB + "\"}}")
					.post("/ServiceRequest")),
				new Shape("my care plan aims at B's goal and addresses B's condition", (r, d) -> r.body(
						"{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
								+ d.patientA + "\"},\"goal\":[{\"reference\":\"Goal/" + d.goalB
								+ "\"}],\"addresses\":[{\"reference\":\"Condition/" + d.conditionB + "\"}]}")
					.post("/CarePlan")),
				new Shape("my care plan's team is B's team", (r, d) -> r.body(
						"{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
								+ d.patientA + "\"},\"careTeam\":[{\"reference\":\"CareTeam/" + d.teamB + "\"}]}")
					.post("/CarePlan")),
				new Shape("my care team has B and B's case manager as members", (r, d) -> r.body(
						"{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":\"Patient/" + d.patientA
								+ "\"},\"participant\":[{\"member\":{\"reference\":\"Patient/" + d.patientB
								+ "\"}},{\"member\":{\"reference\":\"Practitioner/" + d.managerB + "\"}}]}")
					.post("/CareTeam")),
				new Shape("my task focuses on B's goal and is owned by B's case manager", (r, d) -> r.body(
						"{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"for\":{\"reference\":\"Patient/"
								+ d.patientA + "\"},\"focus\":{\"reference\":\"Goal/" + d.goalB
								+ "\"},\"owner\":{\"reference\":\"Practitioner/" + d.managerB + "\"}}")
					.post("/Task")),
				new Shape("my plan updated to aim at B's goal", (r, d) -> r.body(
						"{\"resourceType\":\"CarePlan\",\"id\":\"" + d.planA + "\",\"status\":\"active\",\"intent\":\"plan\","
								+ "\"subject\":{\"reference\":\"Patient/" + d.patientA + "\"},\"goal\":[{\"reference\":\"Goal/"
								+ d.goalB + "\"}]}")
					.put("/CarePlan/" + d.planA)),
				new Shape("a transaction of my referral to B's goal", (r, d) -> r.body(
						"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
								+ referralFor(d.patientA, "Goal/" + d.goalB)
								+ ",\"request\":{\"method\":\"POST\",\"url\":\"ServiceRequest\"}}]}")
					.post("/")),
				new Shape("a bulk import that would overwrite B's plan with mine", (r, d) -> r.header("Prefer", "respond-async")
					.body(importOf("CarePlan", "{\"resourceType\":\"CarePlan\",\"id\":\"" + d.planB
							+ "\",\"status\":\"revoked\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
							+ d.patientA + "\"}}"))
					.post("/$import")),
				new Shape("my task, then a read of it including its focus", (r, d) -> {
					String task = fhir().body("{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
							+ "\"for\":{\"reference\":\"Patient/" + d.patientA + "\"},\"focus\":{\"reference\":\"Goal/"
							+ d.goalB + "\"}}").post("/Task").then().statusCode(201).extract().path("id");
					return r.get("/Task?_id=" + task + "&focus=Goal/" + d.goalB + "&_include=Task:focus");
				}));
	}

	/** A bulk import's kick-off naming one file, written to the server's import folder, of these lines. */
	private static String importOf(String type, String... lines) {
		try {
			Path file = Files.createTempFile(importFolder(), "leak-", ".ndjson");
			Files.writeString(file, String.join("\n", lines));
			return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"input\",\"part\":[{\"name\":\"type\","
					+ "\"valueCode\":\"" + type + "\"},{\"name\":\"url\",\"valueUri\":\"" + file.getFileName() + "\"}]}]}";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** No confined token may import, whatever its write scopes: B's plan is as it was. */
	@Test
	void aConfinedTokenMayNotImportAndWhatItNamedIsUnchanged() {
		String before = fhir().get("/CarePlan/" + writers.planB).then().statusCode(200).extract().path("meta.versionId");
		for (String token : List.of(writerPatientToken, writerManagerToken, payerToken)) {
			as(token).header("Prefer", "respond-async")
				.body(importOf("CarePlan", "{\"resourceType\":\"CarePlan\",\"id\":\"" + writers.planB
						+ "\",\"status\":\"revoked\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
						+ writers.patientA + "\"}}"))
				.post("/$import")
				.then()
				.statusCode(403)
				.body(containsString("system/"));
		}
		fhir().get("/CarePlan/" + writers.planB).then().statusCode(200)
			.body("meta.versionId", equalTo(before))
			.body("status", not(equalTo("revoked")));
	}

	private static String referralFor(String patient, String goal) {
		return "{\"resourceType\":\"ServiceRequest\",\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal\","
				+ "\"valueReference\":{\"reference\":\"" + goal + "\"}}],\"status\":\"active\",\"intent\":\"order\","
				+ "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
	}

	private RequestSpecification as(String token) {
		return given().auth().oauth2(token).contentType(FHIR_JSON).accept(FHIR_JSON);
	}

	private static String carePlanFor(String patient) {
		return "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"}}";
	}

	private static String referralTaskFor(String patient, String referral) {
		return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"for\":{\"reference\":\"Patient/"
				+ patient + "\"},\"focus\":{\"reference\":\"ServiceRequest/" + referral + "\"},\"authoredOn\":\"2026-11-30\"}";
	}

	private static String transaction(String resource) {
		return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + resource
				+ ",\"request\":{\"method\":\"POST\",\"url\":\"CarePlan\"}}]}";
	}

	private static String batch(String... urls) {
		StringBuilder entries = new StringBuilder();
		for (String url : urls) {
			entries.append(entries.isEmpty() ? "" : ",").append("{\"request\":{\"method\":\"GET\",\"url\":\"").append(url).append("\"}}");
		}
		return "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[" + entries + "]}";
	}

	record Shape(String name, BiFunction<RequestSpecification, CaseloadFixture, Response> request) {
	}


}
