package org.careplanfhir.server.security;

import java.util.Map;

import io.restassured.specification.RequestSpecification;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two patients, A and B, each with a case manager, a care team, care plans, a goal, a condition,
 * a service request and an encounter; and the accounts that act for them: A as a patient user, A's
 * case manager (whose caseload is A only). B's goal follows another goal of B's that is not achieved,
 * so that the referral-sequence rule would have something of B's to say. Everything of B's is what
 * must never leak.
 */
final class CaseloadFixture {

	static final String PASSWORD = "correct-horse-battery";

	final String suffix = Long.toString(System.nanoTime(), 36);

	final String familyA = "Alderley" + suffix;

	final String familyB = "Brackwater" + suffix;

	final String conditionNoteB = "vertigo" + suffix;

	final String goalNoteB = "dressing" + suffix;

	final String taskNoteB = "handrails" + suffix;

	String patientA, patientB, managerA, managerB, teamA, teamB, planA, planAssessA, planB, goalA, goalB, goalBFirst,
			conditionA, conditionB, referralA, referralB, encounterA, encounterB, taskA, taskB;

	final String patientUser = "patient-a-" + suffix;

	final String managerUser = "manager-a-" + suffix;

	private CaseloadFixture() {
	}

	/** Stores the data with a full-access backend token and creates the accounts through the admin API. */
	static CaseloadFixture create(java.util.function.Supplier<RequestSpecification> fhir,
			java.util.function.Supplier<RequestSpecification> admin) {
		CaseloadFixture f = new CaseloadFixture();
		f.managerA = store(fhir, "Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Case\",\"given\":[\"Amy\"]}]}");
		f.managerB = store(fhir, "Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Case\",\"given\":[\"Ben\"]}]}");
		f.patientA = store(fhir, "Patient", patient(f.familyA, "1950-02-03"));
		f.patientB = store(fhir, "Patient", patient(f.familyB, "1961-07-08"));
		f.encounterA = store(fhir, "Encounter", encounter(f.patientA));
		f.encounterB = store(fhir, "Encounter", encounter(f.patientB));
		f.teamA = store(fhir, "CareTeam", careTeam(f.patientA, f.managerA));
		f.teamB = store(fhir, "CareTeam", careTeam(f.patientB, f.managerB));
		f.planA = store(fhir, "CarePlan", carePlan(f.patientA, "follow-up", "planA" + f.suffix));
		f.planAssessA = store(fhir, "CarePlan", carePlan(f.patientA, "assess-plan", "planAssessA" + f.suffix));
		f.planB = store(fhir, "CarePlan", carePlan(f.patientB, "assess-plan", "planB" + f.suffix));
		f.goalA = store(fhir, "Goal", goal(f.patientA));
		f.goalBFirst = store(fhir, "Goal", goal(f.patientB));
		f.goalB = store(fhir, "Goal", goalFollowing(f.patientB, f.goalBFirst, f.goalNoteB));
		f.conditionA = store(fhir, "Condition", condition(f.patientA, "falls" + f.suffix));
		f.conditionB = store(fhir, "Condition", condition(f.patientB, f.conditionNoteB));
		f.referralA = store(fhir, "ServiceRequest", referral(f.patientA));
		f.referralB = store(fhir, "ServiceRequest", referral(f.patientB));
		f.taskA = store(fhir, "Task", referralTask(f.patientA, f.referralA, "rails" + f.suffix));
		f.taskB = store(fhir, "Task", referralTask(f.patientB, f.referralB, f.taskNoteB));
		account(admin, f.patientUser, "Patient/" + f.patientA);
		account(admin, f.managerUser, "Practitioner/" + f.managerA);
		return f;
	}

	/** Everything that would show B's data in a response. */
	String[] secretsOfB() {
		return new String[] { "Patient/" + patientB, familyB, conditionNoteB, "CarePlan/" + planB, "Goal/" + goalB,
				"Condition/" + conditionB, "ServiceRequest/" + referralB, "Encounter/" + encounterB,
				"CareTeam/" + teamB, "\"id\":\"" + planB + "\"", "\"id\":\"" + patientB + "\"", "Goal/" + goalBFirst, goalNoteB,
				"planB" + suffix, "Task/" + taskB, "\"id\":\"" + taskB + "\"", taskNoteB };
	}

	private static void account(java.util.function.Supplier<RequestSpecification> admin, String username,
			String fhirUser) {
		admin.get()
			.contentType("application/json")
			.body(Map.of("password", PASSWORD, "fhirUser", fhirUser, "admin", false))
			.put("/admin/users/" + username)
			.then()
			.statusCode(200);
	}

	private static String store(java.util.function.Supplier<RequestSpecification> fhir, String type, String json) {
		String id = fhir.get().body(json).post("/" + type).then().statusCode(201).extract().path("id");
		assertThat(id).isNotBlank();
		return id;
	}

	private static String patient(String family, String birthDate) {
		return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"given\":[\"Pat\"]}],\"birthDate\":\""
				+ birthDate + "\"}";
	}

	private static String encounter(String patient) {
		return "{\"resourceType\":\"Encounter\",\"status\":\"in-progress\",\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"}}";
	}

	private static String careTeam(String patient, String manager) {
		return "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":\"Patient/" + patient
				+ "\"},\"participant\":[{\"member\":{\"reference\":\"Practitioner/" + manager + "\"}}]}";
	}

	private static String carePlan(String patient, String category, String identifier) {
		return "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"identifier\":[{\"system\":\"urn:test:plans\",\"value\":\""
				+ identifier + "\"}],\"category\":[{\"coding\":[{\"system\":\"http://hl7.org/fhir/us/core/CodeSystem/careplan-category\",\"code\":\""
				+ category + "\"}]}],\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
	}

	static String goal(String patient) {
		return "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"Walk again\"},\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"}}";
	}

	static String goalFollowing(String patient, String predecessor, String description) {
		return "{\"resourceType\":\"Goal\",\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/goal-relationship\","
				+ "\"extension\":[{\"url\":\"type\",\"valueCodeableConcept\":{\"coding\":[{\"system\":"
				+ "\"http://terminology.hl7.org/CodeSystem/goal-relationship-type\",\"code\":\"predecessor\"}]}},"
				+ "{\"url\":\"target\",\"valueReference\":{\"reference\":\"Goal/" + predecessor + "\"}}]}],"
				+ "\"lifecycleStatus\":\"active\",\"achievementStatus\":{\"coding\":[{\"system\":"
				+ "\"http://terminology.hl7.org/CodeSystem/goal-achievement\",\"code\":\"in-progress\"}]},"
				+ "\"description\":{\"text\":\"" + description + "\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
	}

	private static String condition(String patient, String note) {
		return "{\"resourceType\":\"Condition\",\"code\":{\"text\":\"" + note
				+ "\"},\"note\":[{\"text\":\"" + note + "\"}],\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
	}

	/** A referral Task: outside R4's Patient compartment, in the patient's record here by Task.for. */
	private static String referralTask(String patient, String referral, String note) {
		return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"for\":{\"reference\":\"Patient/"
				+ patient + "\"},\"focus\":{\"reference\":\"ServiceRequest/" + referral + "\"},\"note\":[{\"text\":\"" + note
				+ "\"}],\"authoredOn\":\"2026-01-05\"}";
	}

	private static String referral(String patient) {
		return "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"}}";
	}

}
