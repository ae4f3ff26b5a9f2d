package org.careplanfhir.server.caseload;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.bench.population.PopulationGenerator;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.security.SmartApp;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code $caseload} over a generated population (nurse cases, eight case managers), checked against
 * what the test works out itself from the generated records: which cases are active, which goals
 * are overdue, which referrals wait. Then what each kind of caller may ask and see.
 */
class CaseloadIntegrationTests extends FhirServerTest {

	private static final int PATIENTS = 80;

	private static final long SEED = 1919;

	private static final String PASSWORD = "caseload-horse-battery";

	private static final FhirContext R4 = FhirContext.forR4Cached();

	/** The generated records, by type and id. */
	private static Map<String, Resource> stored;

	/** The case manager with the most active cases, and a second one. */
	private static String manager;

	private static String otherManager;

	private static String managerUser;

	@BeforeEach
	void loadPopulationOnce() {
		if (stored != null) {
			return;
		}
		PopulationGenerator generator = new PopulationGenerator(SEED, 1, 0, 0);
		Map<String, Resource> records = new LinkedHashMap<>();
		post(generator.shared(), records);
		for (int index = 1; index <= PATIENTS; index++) {
			post(generator.patient(index), records);
		}
		stored = records;
		Map<String, Long> activeByManager = activeCases(null).stream()
			.collect(Collectors.groupingBy(episode -> episode.getCareManager().getReferenceElement().getIdPart(),
					Collectors.counting()));
		List<String> busiest = activeByManager.entrySet().stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
			.map(Map.Entry::getKey)
			.toList();
		manager = busiest.get(0);
		otherManager = busiest.get(1);
		managerUser = unique("cm");
		AdminApi.admin()
			.contentType("application/json")
			.body(Map.of("password", PASSWORD, "fhirUser", "Practitioner/" + manager, "admin", false))
			.put("/admin/users/" + managerUser)
			.then()
			.statusCode(200);
	}

	private static void post(Bundle transaction, Map<String, Resource> records) {
		fhir().body(R4.newJsonParser().encodeResourceToString(transaction)).post("/").then().statusCode(200);
		transaction.getEntry()
			.forEach(entry -> records.put(entry.getResource().fhirType() + "/" + entry.getResource().getIdElement().getIdPart(),
					entry.getResource()));
	}

	@Test
	void listsEveryActiveCaseOfThePractitionerWithItsOverdueGoalsAndWaitingReferrals() {
		JsonPath answer = fhir().get("/Practitioner/" + manager + "/$caseload").then().statusCode(200)
			.body("resourceType", equalTo("Bundle"))
			.body("type", equalTo("collection"))
			.body("entry[0].resource.resourceType", equalTo("Parameters"))
			.extract().jsonPath();
		List<EpisodeOfCare> expected = activeCases(manager);
		assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
		Map<String, Map<String, Object>> cases = cases(answer);
		assertThat(cases.keySet()).containsExactlyInAnyOrderElementsOf(
				expected.stream().map(episode -> "EpisodeOfCare/" + episode.getIdElement().getIdPart()).toList());
		assertThat(parameter(answer, "total")).isEqualTo(expected.size());
		int overdueSeen = 0;
		for (EpisodeOfCare episode : expected) {
			Map<String, Object> listed = cases.get("EpisodeOfCare/" + episode.getIdElement().getIdPart());
			String patient = episode.getPatient().getReferenceElement().getIdPart();
			assertThat(references(listed, "overdueGoal")).as("overdue goals of " + patient)
				.containsExactlyInAnyOrderElementsOf(overdueGoals(patient));
			assertThat(listed.get("overdueGoals")).isEqualTo(overdueGoals(patient).size());
			assertThat(references(listed, "referralAwaiting")).as("waiting referrals of " + patient)
				.containsExactlyInAnyOrderElementsOf(waitingReferrals(patient));
			assertThat(listed.get("coverage")).isEqualTo("active");
			assertThat(listed.get("involvement")).isEqualTo("care-manager");
			assertThat(listed.get("carePlan")).isEqualTo("CarePlan/s" + SEED + "-plan-" + patient.substring(patient.lastIndexOf('-') + 1));
			assertThat(listed.get("coverageRecord")).isEqualTo("Coverage/s" + SEED + "-cov-" + patient.substring(patient.lastIndexOf('-') + 1));
			overdueSeen += overdueGoals(patient).size();
		}
		assertThat(overdueSeen).as("the population has overdue goals to find").isPositive();
		// Most urgent first.
		List<Integer> urgencies = answer.getList("entry[0].resource.parameter.findAll { it.name == 'case' }.collect { c -> c.part.find { it.name == 'urgency' }.valueInteger }", Integer.class);
		assertThat(urgencies).isSortedAccordingTo(Comparator.reverseOrder());
		// Every case, patient, goal and task the summary names is in the Bundle, once; plans and coverage are referenced.
		List<String> fullUrls = answer.getList("entry.fullUrl", String.class).stream().skip(1).toList();
		assertThat(fullUrls).doesNotHaveDuplicates();
		Set<String> named = new HashSet<>();
		cases.values().forEach(listed -> listed.forEach((name, value) -> {
			if (value instanceof String reference && Set.of("episode", "patient").contains(name)) {
				named.add(reference);
			}
			if (value instanceof List<?> references) {
				references.forEach(reference -> named.add(String.valueOf(reference)));
			}
		}));
		assertThat(named).anyMatch(reference -> reference.startsWith("Goal/"));
		assertThat(fullUrls.stream().map(url -> url.substring(url.indexOf("/fhir/") + 6)).toList()).containsAll(named);
		assertThat(answer.getList("entry.resource.findAll { it.resourceType == 'Patient' }.id", String.class))
			.containsExactlyInAnyOrderElementsOf(expected.stream().map(episode -> episode.getPatient().getReferenceElement().getIdPart()).toList());
	}

	@Test
	void filtersBySpecialtyAcuityAndOverdueGoals() {
		List<EpisodeOfCare> expected = activeCases(manager);
		Set<String> withOverdue = expected.stream()
			.filter(episode -> !overdueGoals(episode.getPatient().getReferenceElement().getIdPart()).isEmpty())
			.map(episode -> "EpisodeOfCare/" + episode.getIdElement().getIdPart())
			.collect(Collectors.toSet());
		assertThat(cases(fhir().get("/Practitioner/" + manager + "/$caseload?overdue-only=true").then().statusCode(200)
			.extract().jsonPath()).keySet()).containsExactlyInAnyOrderElementsOf(withOverdue);
		String acuity = acuityOf(expected.get(0));
		Set<String> ofAcuity = expected.stream().filter(episode -> acuity.equals(acuityOf(episode)))
			.map(episode -> "EpisodeOfCare/" + episode.getIdElement().getIdPart())
			.collect(Collectors.toSet());
		assertThat(cases(fhir().get("/Practitioner/" + manager + "/$caseload?acuity=" + acuity).then().statusCode(200)
			.extract().jsonPath()).keySet()).containsExactlyInAnyOrderElementsOf(ofAcuity);
		assertThat(cases(fhir().get("/Practitioner/" + manager + "/$caseload?specialty=http://careplan-fhir.org/fhir/CodeSystem/cm-specialty|nurse-cm")
			.then().statusCode(200).extract().jsonPath())).hasSize(expected.size());
		assertThat(cases(fhir().get("/Practitioner/" + manager + "/$caseload?specialty=rehab-cm").then().statusCode(200)
			.extract().jsonPath())).isEmpty();
		// The same filters in a POST's Parameters body.
		assertThat(cases(fhir().body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"overdue-only\","
				+ "\"valueBoolean\":true},{\"name\":\"acuity\",\"valueCode\":\"" + acuity + "\"}]}")
			.post("/Practitioner/" + manager + "/$caseload").then().statusCode(200).extract().jsonPath()).keySet())
			.containsExactlyInAnyOrderElementsOf(ofAcuity.stream().filter(withOverdue::contains).toList());
		fhir().body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"colour\",\"valueCode\":\"red\"}]}")
			.post("/Practitioner/" + manager + "/$caseload").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("Parameter 'colour' is not a parameter of $caseload"));
	}

	@Test
	void refusesParametersItDoesNotKnowAndValuesOutsideTheirCodeSystems() {
		fhir().get("/Practitioner/" + manager + "/$caseload?specialty=dentistry").then().statusCode(400)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", containsString("'dentistry' is not a code of http://careplan-fhir.org/fhir/CodeSystem/cm-specialty"));
		fhir().get("/Practitioner/" + manager + "/$caseload?status=active").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("Parameter 'status' is not a parameter of $caseload"));
		fhir().get("/Practitioner/" + manager + "/$caseload?overdue-only=maybe").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("true or false"));
		fhir().get("/Practitioner/no-such-practitioner/$caseload").then().statusCode(404)
			.body("resourceType", equalTo("OperationOutcome"));
		fhir().get("/$caseload").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("names no user (fhirUser)"));
	}

	@Test
	void aCaseManagersTokenListsItsOwnCaseloadAndNoOneElses() {
		String token = new SmartApp(port, "test-app", null).launch("openid fhirUser user/*.rs", managerUser, PASSWORD, null)
			.getString("access_token");
		String body = as(token).get("/$caseload").then().statusCode(200).extract().asString();
		JsonPath own = JsonPath.from(body);
		assertThat(cases(own).keySet()).containsExactlyInAnyOrderElementsOf(
				activeCases(manager).stream().map(episode -> "EpisodeOfCare/" + episode.getIdElement().getIdPart()).toList());
		as(token).get("/Practitioner/" + manager + "/$caseload").then().statusCode(200);
		as(token).get("/Practitioner/" + otherManager + "/$caseload").then().statusCode(403)
			.body("issue[0].diagnostics", containsString("its own user's caseload only"));
		Set<String> othersPatients = activeCases(otherManager).stream()
			.map(episode -> episode.getPatient().getReference()).collect(Collectors.toSet());
		assertThat(body).doesNotContain(othersPatients.toArray(String[]::new));
	}

	@Test
	void aWithheldScopeLeavesItsRecordsOutAndSaysSo() {
		String token = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser user/EpisodeOfCare.rs user/Patient.rs", managerUser, PASSWORD, null)
			.getString("access_token");
		JsonPath answer = as(token).get("/$caseload").then().statusCode(200).extract().jsonPath();
		assertThat(answer.getList("entry[0].resource.parameter.findAll { it.name == 'withheld' }.part.flatten().findAll { it.name == 'type' }.valueCode", String.class))
			.containsExactly("CarePlan", "Goal", "Task", "Coverage", "Encounter", "Communication");
		assertThat(answer.getList("entry.resource.resourceType", String.class)).containsOnly("Parameters", "EpisodeOfCare", "Patient");
		assertThat(cases(answer).values()).allSatisfy(listed -> assertThat(listed).doesNotContainKeys("overdueGoals",
				"referralsAwaiting", "coverage", "carePlan", "contactOverdue"));
		String noCases = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser user/Patient.rs", managerUser, PASSWORD, null).getString("access_token");
		as(noCases).get("/$caseload").then().statusCode(403).body("issue[0].diagnostics", containsString("EpisodeOfCare"));
	}

	@Test
	void aTeamMemberSeesTheCaseAsATeamMemberWithItsLastContact() {
		EpisodeOfCare episode = activeCases(manager).get(0);
		String patient = episode.getPatient().getReferenceElement().getIdPart();
		String therapist = create("Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Team\"}]}");
		CareTeam team = (CareTeam) stored.get(episode.getTeamFirstRep().getReference());
		CareTeam joined = team.copy();
		joined.addParticipant().addRole().addCoding().setSystem("http://snomed.info/sct").setCode("36682004")
			.setDisplay("Physiotherapist (occupation)");
		joined.getParticipant().get(joined.getParticipant().size() - 1).getMember().setReference("Practitioner/" + therapist);
		fhir().body(R4.newJsonParser().encodeResourceToString(joined)).put("/CareTeam/" + team.getIdElement().getIdPart())
			.then().statusCode(200);
		// A visit that ended half an hour ago: at any time of day, in the past.
		Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
		String today = start.toString().substring(0, 10);
		create("Encounter", "{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"class\":{\"system\":"
				+ "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"HH\"},\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"},\"period\":{\"start\":\"" + start + "\",\"end\":\"" + start.plus(Duration.ofMinutes(30)) + "\"}}");
		JsonPath answer = fhir().get("/Practitioner/" + therapist + "/$caseload").then().statusCode(200).extract().jsonPath();
		Map<String, Map<String, Object>> cases = cases(answer);
		assertThat(cases).containsOnlyKeys("EpisodeOfCare/" + episode.getIdElement().getIdPart());
		Map<String, Object> listed = cases.values().iterator().next();
		assertThat(listed.get("involvement")).isEqualTo("team-member");
		assertThat(String.valueOf(listed.get("lastContact"))).startsWith(today.substring(0, 7));
		assertThat(listed.get("contactOverdue")).isEqualTo(false);
		fhir().body(R4.newJsonParser().encodeResourceToString(team)).put("/CareTeam/" + team.getIdElement().getIdPart())
			.then().statusCode(200);
		assertThat(cases(fhir().get("/Practitioner/" + therapist + "/$caseload").then().statusCode(200).extract().jsonPath()))
			.isEmpty();
	}

	@Test
	void aPatientHasNoCaseloadAndMayNotListOne() {
		String patient = activeCases(manager).get(0).getPatient().getReferenceElement().getIdPart();
		String patientUser = unique("pat");
		AdminApi.admin()
			.contentType("application/json")
			.body(Map.of("password", PASSWORD, "fhirUser", "Patient/" + patient, "admin", false))
			.put("/admin/users/" + patientUser).then().statusCode(200);
		String token = new SmartApp(port, "test-app", null)
			.launch("openid fhirUser launch/patient patient/*.rs", patientUser, PASSWORD, patient).getString("access_token");
		as(token).get("/$caseload").then().statusCode(400).body("issue[0].diagnostics", containsString("a practitioner's"));
		as(token).get("/Practitioner/" + manager + "/$caseload").then().statusCode(403);
	}

	// What the test works out from the generated records.

	private static List<EpisodeOfCare> activeCases(String practitioner) {
		return stored.values().stream()
			.filter(EpisodeOfCare.class::isInstance)
			.map(EpisodeOfCare.class::cast)
			.filter(episode -> episode.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE)
			.filter(episode -> practitioner == null || episode.getCareManager().getReference().equals("Practitioner/" + practitioner))
			.toList();
	}

	/** Pursued, not reached, and a target date before today. */
	private static List<String> overdueGoals(String patient) {
		LocalDate today = LocalDate.now();
		return stored.values().stream()
			.filter(Goal.class::isInstance)
			.map(Goal.class::cast)
			.filter(goal -> goal.getSubject().getReference().equals("Patient/" + patient))
			.filter(goal -> Set.of("proposed", "planned", "accepted", "active", "on-hold").contains(goal.getLifecycleStatus().toCode()))
			.filter(goal -> !goal.hasAchievementStatus()
					|| !Set.of("achieved", "sustaining").contains(goal.getAchievementStatus().getCodingFirstRep().getCode()))
			.filter(goal -> goal.getTarget().stream().anyMatch(target -> LocalDate.parse(target.getDueDateType().getValueAsString()).isBefore(today)))
			.map(goal -> "Goal/" + goal.getIdElement().getIdPart())
			.toList();
	}

	/** Referral tasks nobody has accepted yet (the generator writes none that are accepted and stalled). */
	private static List<String> waitingReferrals(String patient) {
		return stored.values().stream()
			.filter(Task.class::isInstance)
			.map(Task.class::cast)
			.filter(task -> task.getFor().getReference().equals("Patient/" + patient))
			.filter(task -> Set.of("requested", "received", "ready").contains(task.getStatus().toCode()))
			.map(task -> "Task/" + task.getIdElement().getIdPart())
			.toList();
	}

	private static String acuityOf(EpisodeOfCare episode) {
		return ((org.hl7.fhir.r4.model.CodeableConcept) episode
			.getExtensionByUrl("http://careplan-fhir.org/fhir/StructureDefinition/cm-acuity").getValue()).getCodingFirstRep().getCode();
	}

	// Reading the answer.

	/** Each case of the summary by its episode: part name to value (a list for repeated parts). */
	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> cases(JsonPath answer) {
		List<Map<String, Object>> parameters = answer.getList("entry[0].resource.parameter");
		Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
		for (Map<String, Object> parameter : parameters) {
			if (!"case".equals(parameter.get("name"))) {
				continue;
			}
			Map<String, Object> values = new HashMap<>();
			for (Map<String, Object> part : (List<Map<String, Object>>) parameter.get("part")) {
				Object value = valueOf(part);
				String name = (String) part.get("name");
				if (Set.of("overdueGoal", "goalAtRisk", "referralAwaiting", "authorizationPending").contains(name)) {
					((List<Object>) values.computeIfAbsent(name, key -> new ArrayList<>())).add(value);
				}
				else {
					values.put(name, value);
				}
			}
			cases.put((String) values.get("episode"), values);
		}
		return cases;
	}

	@SuppressWarnings("unchecked")
	private static Object valueOf(Map<String, Object> part) {
		for (Map.Entry<String, Object> entry : part.entrySet()) {
			if (entry.getKey().startsWith("value")) {
				if (entry.getValue() instanceof Map<?, ?> map && map.containsKey("reference")) {
					return ((Map<String, Object>) map).get("reference");
				}
				if (entry.getValue() instanceof Map<?, ?> map && map.containsKey("code")) {
					return map.get("code");
				}
				return entry.getValue();
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private static List<String> references(Map<String, Object> listed, String name) {
		return (List<String>) listed.getOrDefault(name, List.of());
	}

	private static Object parameter(JsonPath answer, String name) {
		return answer.getList("entry[0].resource.parameter.findAll { it.name == '" + name + "' }.valueInteger").get(0);
	}

	private static RequestSpecification as(String token) {
		return given().auth().oauth2(token).accept(FHIR_JSON).contentType(FHIR_JSON);
	}

}
