package org.careplanfhir.server.referrals;

import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.security.SmartApp;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * The rehabilitation scenario of the design notes, walked by two organisations' users: the
 * hospital's case manager refers the patient for physiotherapy, then occupational therapy once the
 * walking goal is achieved; the rehabilitation clinic's therapist receives, accepts, works and
 * completes (or fails) each referral. Every move the state machine forbids is refused with 422
 * naming the rule, and changes nothing; the care team follows the referrals; every change has its
 * Provenance.
 */
class ReferralWorkflowIntegrationTests extends FhirServerTest {

	private static final String PASSWORD = "referral-walk-horse-battery";

	private static final String TASK_CODE = "{\"coding\":[{\"system\":\"http://hl7.org/fhir/CodeSystem/task-code\",\"code\":\"fulfill\"}]}";

	private String hospital, clinic, manager, therapist, patient, team, plan, walkingGoal, dressingGoal, ptReferral,
			otReferral, managerToken, therapistToken;

	@Test
	void physiotherapyThenOccupationalTherapyWalkedByTwoOrganisationsWithEveryForbiddenMoveRefused() {
		setUp();
		// The case manager refers for physiotherapy: a Task the hospital requests of the clinic.
		String pt = as(managerToken).body(task(ptReferral, "requested", "")).post("/Task").then().statusCode(201)
			.extract().path("id");
		// The clinic may not create referrals in the hospital's name, nor start one past 'requested'.
		refused(as(therapistToken).body(task(ptReferral, "requested", "")).post("/Task"), "cm-referral-party");
		refused(as(managerToken).body(task(ptReferral, "accepted", "")).post("/Task"), "cm-referral-transition");

		// Only the owner accepts; only by the state machine's moves; with a reason when it says no.
		refused(move(managerToken, pt, "accepted", ""), "cm-referral-party");
		refused(move(therapistToken, pt, "completed", outputOf()), "cm-referral-transition");
		refused(move(therapistToken, pt, "rejected", ""), "cm-referral-reason");
		move(therapistToken, pt, "received", "").statusCode(200);
		move(therapistToken, pt, "accepted", "").statusCode(200);
		JsonPath teamAfterAccept = fhir().get("/CareTeam/" + team).then().statusCode(200).extract().jsonPath();
		assertThat(teamAfterAccept.getList("participant.member.reference")).contains("Organization/" + clinic);
		assertThat(teamAfterAccept.getString("participant.find { it.member.reference == 'Organization/" + clinic + "' }.period.start"))
			.isNotNull();
		assertThat(teamAfterAccept.getString("participant.find { it.member.reference == 'Organization/" + clinic + "' }.role[0].coding[0].code"))
			.isEqualTo("36682004");
		refused(move(managerToken, pt, "in-progress", ""), "cm-referral-party");
		move(therapistToken, pt, "in-progress", "").statusCode(200);
		refused(move(therapistToken, pt, "completed", ""), "cm-referral-output");
		refused(move(therapistToken, pt, "on-hold", ""), "cm-referral-reason");
		refused(reassign(therapistToken, pt), "cm-referral-party");
		move(therapistToken, pt, "completed", outputOf()).statusCode(200);
		assertThat(fhir().get("/CareTeam/" + team).then().extract().jsonPath()
			.getString("participant.find { it.member.reference == 'Organization/" + clinic + "' }.period.end")).isNotNull();
		refused(move(managerToken, pt, "cancelled", reason("No longer needed")), "cm-referral-transition");
		refused(move(therapistToken, pt, "in-progress", ""), "cm-referral-transition");
		fhir().get("/Task/" + pt).then().body("status", equalTo("completed")).body("meta.versionId", equalTo("5"));

		// OT follows the walking goal: its referral cannot become active before that goal is achieved.
		refused(as(managerToken).body(serviceRequest("410155007", "80546007", "active", dressingGoal)
			.replace("\"resourceType\":\"ServiceRequest\",", "\"resourceType\":\"ServiceRequest\",\"id\":\"" + otReferral + "\","))
			.put("/ServiceRequest/" + otReferral), "cm-referral-sequence");
		fhir().body(goal("Walk 50 m with a frame", "achieved", null).replace("\"resourceType\":\"Goal\",",
				"\"resourceType\":\"Goal\",\"id\":\"" + walkingGoal + "\",")).put("/Goal/" + walkingGoal).then().statusCode(200);
		as(managerToken).body(serviceRequest("410155007", "80546007", "active", dressingGoal)
			.replace("\"resourceType\":\"ServiceRequest\",", "\"resourceType\":\"ServiceRequest\",\"id\":\"" + otReferral + "\","))
			.put("/ServiceRequest/" + otReferral).then().statusCode(200);
		String ot = as(managerToken).body(task(otReferral, "requested", "")).post("/Task").then().statusCode(201)
			.extract().path("id");
		move(therapistToken, ot, "accepted", "").statusCode(200);
		move(therapistToken, ot, "on-hold", reason("Waiting for the splint")).statusCode(200);
		move(therapistToken, ot, "in-progress", "").statusCode(200);
		refused(move(therapistToken, ot, "failed", ""), "cm-referral-reason");
		move(therapistToken, ot, "failed", reason("Patient moved away")).statusCode(200);

		// The requester withdraws a third referral, and must say why.
		String third = as(managerToken).body(task(ptReferral, "requested", "")).post("/Task").then().statusCode(201)
			.extract().path("id");
		refused(move(managerToken, third, "cancelled", ""), "cm-referral-reason");
		refused(move(therapistToken, third, "cancelled", reason("Not ours to cancel")), "cm-referral-party");
		move(managerToken, third, "cancelled", reason("Referred elsewhere")).statusCode(200);

		// The searches the Gravity guide requires, answered to both organisations.
		for (String token : List.of(managerToken, therapistToken)) {
			as(token).get("/Task?owner=Organization/" + clinic + "&status=completed&code=http://hl7.org/fhir/CodeSystem/task-code|fulfill"
					+ "&patient=Patient/" + patient + "&requester=Organization/" + hospital + "&focus=ServiceRequest/" + ptReferral
					+ "&_lastUpdated=gt2020-01-01&_include=Task:focus&_include=Task:output")
				.then().statusCode(200)
				.body("entry.findAll { it.search.mode == 'match' }.resource.id", equalTo(List.of(pt)))
				.body("entry.findAll { it.search.mode == 'include' }.resource.resourceType", hasItems("ServiceRequest", "Observation"));
			as(token).get("/Task?_id=" + ot + "," + third + "&status=failed,cancelled").then().statusCode(200)
				.body("total", equalTo(2));
			as(token).get("/ServiceRequest?_id=" + ptReferral + "&category=http://snomed.info/sct|386053000&intent=order"
					+ "&patient=Patient/" + patient + "&status=active&code=http://snomed.info/sct|444831000124102"
					+ "&performer=Organization/" + clinic + "&requester=Organization/" + hospital)
				.then().statusCode(200).body("total", equalTo(1));
		}

		// Every change has its Provenance: who (the user, for their organization), with which app, what.
		// A reference search matches every version of its target: each version's Provenance is picked out by its target.
		JsonPath provenances = fhir().get("/Provenance?target=Task/" + pt + "&_count=50").then().statusCode(200)
			.body("total", equalTo(5)).extract().jsonPath();
		String acceptance = "entry.resource.find { it.target.any { t -> t.reference == 'Task/" + pt + "/_history/3' } }";
		assertThat(provenances.getString(acceptance + ".activity.coding[0].code")).isEqualTo("UPDATE");
		assertThat(provenances.getString(acceptance + ".agent[0].who.reference")).isEqualTo("Practitioner/" + therapist);
		assertThat(provenances.getString(acceptance + ".agent[0].onBehalfOf.reference")).isEqualTo("Organization/" + clinic);
		assertThat(provenances.getString(acceptance + ".agent[1].who.identifier.value")).isEqualTo("test-app");
		// The care team's change was part of the acceptance: one Provenance names both.
		assertThat(provenances.getList(acceptance + ".target.reference"))
			.anyMatch(t -> t.toString().startsWith("CareTeam/" + team + "/_history/"));
		String creation = "entry.resource.find { it.target.any { t -> t.reference == 'Task/" + pt + "/_history/1' } }";
		assertThat(provenances.getString(creation + ".agent[0].who.reference")).isEqualTo("Practitioner/" + manager);
		assertThat(provenances.getString(creation + ".agent[0].onBehalfOf.reference")).isEqualTo("Organization/" + hospital);
		assertThat(provenances.getString(creation + ".activity.coding[0].code")).isEqualTo("CREATE");
		// Refused writes left no Provenance: five versions, five Provenances.
		fhir().get("/Provenance?patient=Patient/" + patient + "&_count=200").then().statusCode(200)
			.body("entry.resource.target.reference.flatten()", hasItems("Task/" + pt + "/_history/1", "Task/" + ot + "/_history/1",
					"CareTeam/" + team + "/_history/2"));
	}

	private void setUp() {
		hospital = create("Organization", "{\"resourceType\":\"Organization\",\"name\":\"St Anne's Hospital\"}");
		clinic = create("Organization", "{\"resourceType\":\"Organization\",\"name\":\"Riverside Rehabilitation\"}");
		manager = create("Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Okafor\"}]}");
		therapist = create("Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Lindqvist\"}]}");
		create("PractitionerRole", role(manager, hospital));
		create("PractitionerRole", role(therapist, clinic));
		patient = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Hipwell\"}]}");
		team = create("CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"},\"participant\":[{\"member\":{\"reference\":\"Practitioner/" + manager + "\"}}]}");
		plan = create("CarePlan", "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"},\"careTeam\":[{\"reference\":\"CareTeam/" + team + "\"}]}");
		walkingGoal = create("Goal", goal("Walk 50 m with a frame", "in-progress", null));
		dressingGoal = create("Goal", goal("Dress independently", "in-progress", walkingGoal));
		ptReferral = create("ServiceRequest", serviceRequest("444831000124102", "36682004", "active", walkingGoal));
		otReferral = create("ServiceRequest", serviceRequest("410155007", "80546007", "on-hold", dressingGoal));
		String suffix = Long.toString(System.nanoTime(), 36);
		account("manager-" + suffix, "Practitioner/" + manager);
		account("therapist-" + suffix, "Practitioner/" + therapist);
		managerToken = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser user/*.cruds", "manager-" + suffix, PASSWORD, null).getString("access_token");
		therapistToken = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser user/*.cruds", "therapist-" + suffix, PASSWORD, null).getString("access_token");
	}

	private ValidatableResponse move(String token, String task, String status, String extra) {
		JsonPath current = fhir().get("/Task/" + task).then().statusCode(200).extract().jsonPath();
		String body = task(current.getString("focus.reference").replace("ServiceRequest/", ""), status, extra)
			.replace("\"resourceType\":\"Task\",", "\"resourceType\":\"Task\",\"id\":\"" + task + "\",");
		return as(token).body(body).put("/Task/" + task).then();
	}

	private ValidatableResponse reassign(String token, String task) {
		String body = task(fhir().get("/Task/" + task).then().extract().<String>path("focus.reference").replace("ServiceRequest/", ""),
				"in-progress", "").replace("\"resourceType\":\"Task\",", "\"resourceType\":\"Task\",\"id\":\"" + task + "\",")
			.replace("Organization/" + clinic, "Organization/" + hospital);
		return as(token).body(body).put("/Task/" + task).then();
	}

	/** Refused with 422 naming the rule, and nothing stored. */
	private static void refused(ValidatableResponse response, String rule) {
		response.statusCode(422).body("resourceType", equalTo("OperationOutcome"))
			.body("issue.diagnostics.join(' ')", containsString(rule));
	}

	private static void refused(io.restassured.response.Response response, String rule) {
		refused(response.then(), rule);
	}

	private String task(String referral, String status, String extra) {
		return "{\"resourceType\":\"Task\",\"status\":\"" + status + "\",\"intent\":\"order\",\"code\":" + TASK_CODE + ","
				+ "\"focus\":{\"reference\":\"ServiceRequest/" + referral + "\"},\"for\":{\"reference\":\"Patient/" + patient + "\"},"
				+ "\"authoredOn\":\"2026-11-30\",\"requester\":{\"reference\":\"Organization/" + hospital + "\"},"
				+ "\"owner\":{\"reference\":\"Organization/" + clinic + "\"}" + extra + "}";
	}

	private static String reason(String text) {
		return ",\"statusReason\":{\"text\":\"" + text + "\"}";
	}

	private String outputOf() {
		String result = create("Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Gait assessment\"},"
				+ "\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"valueString\":\"Walks 60 m with a frame\"}");
		return ",\"output\":[{\"type\":{\"text\":\"Therapy outcome\"},\"valueReference\":{\"reference\":\"Observation/" + result + "\"}}]";
	}

	private String goal(String description, String achievement, String predecessor) {
		String relationship = predecessor == null ? "" : "\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/goal-relationship\","
				+ "\"extension\":[{\"url\":\"type\",\"valueCodeableConcept\":{\"coding\":[{\"system\":"
				+ "\"http://terminology.hl7.org/CodeSystem/goal-relationship-type\",\"code\":\"predecessor\"}]}},"
				+ "{\"url\":\"target\",\"valueReference\":{\"reference\":\"Goal/" + predecessor + "\"}}]}],";
		return "{\"resourceType\":\"Goal\"," + relationship + "\"lifecycleStatus\":\"active\",\"achievementStatus\":{\"coding\":[{\"system\":"
				+ "\"http://terminology.hl7.org/CodeSystem/goal-achievement\",\"code\":\"" + achievement + "\"}]},"
				+ "\"description\":{\"text\":\"" + description + "\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
	}

	private String serviceRequest(String code, String performerType, String status, String goal) {
		return "{\"resourceType\":\"ServiceRequest\",\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal\","
				+ "\"valueReference\":{\"reference\":\"Goal/" + goal + "\"}}],\"basedOn\":[{\"reference\":\"CarePlan/" + plan + "\"}],"
				+ "\"status\":\"" + status + "\",\"intent\":\"order\",\"category\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"386053000\"}]}],"
				+ "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"" + code + "\"}]},"
				+ "\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"authoredOn\":\"2026-11-30\","
				+ "\"requester\":{\"reference\":\"Organization/" + hospital + "\"},"
				+ "\"performerType\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"" + performerType + "\"}]},"
				+ "\"performer\":[{\"reference\":\"Organization/" + clinic + "\"}]}";
	}

	private static String role(String practitioner, String organization) {
		return "{\"resourceType\":\"PractitionerRole\",\"active\":true,\"practitioner\":{\"reference\":\"Practitioner/" + practitioner
				+ "\"},\"organization\":{\"reference\":\"Organization/" + organization + "\"}}";
	}

	private void account(String username, String fhirUser) {
		AdminApi.admin()
			.contentType("application/json")
			.body(Map.of("password", PASSWORD, "fhirUser", fhirUser, "admin", false))
			.put("/admin/users/" + username).then().statusCode(200);
	}

	private static RequestSpecification as(String token) {
		return given().auth().oauth2(token).contentType(FHIR_JSON).accept(FHIR_JSON);
	}

}
