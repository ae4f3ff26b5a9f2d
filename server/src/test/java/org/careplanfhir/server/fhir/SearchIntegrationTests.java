package org.careplanfhir.server.fhir;

import java.util.List;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Searches over a small case: a patient with a care team, a care plan, goals, a referral and a
 * condition; and a second patient whose records must never show up in the first one's results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchIntegrationTests extends FhirServerTest {

	private String family;

	private String patientId;

	private String otherPatientId;

	private String carePlanId;

	private String serviceRequestId;

	@BeforeAll
	void createCase() {
		pointRestAssuredAtServer();
		family = unique("Search");
		patientId = create("Patient", """
				{"resourceType":"Patient","name":[{"family":"%s","given":["Mia"]}],"gender":"female"}""".formatted(family));
		otherPatientId = create("Patient", """
				{"resourceType":"Patient","name":[{"family":"%s-other"}]}""".formatted(family));
		String practitionerId = create("Practitioner", """
				{"resourceType":"Practitioner","name":[{"family":"Case","given":["Nora"]}]}""");
		String careTeamId = create("CareTeam", """
				{"resourceType":"CareTeam","status":"active","subject":{"reference":"Patient/%s"},
				 "participant":[{"member":{"reference":"Practitioner/%s"}}]}""".formatted(patientId, practitionerId));
		String[] goalIds = new String[3];
		String[] starts = { "2024-01-10", "2024-03-01", "2024-02-15" };
		for (int i = 0; i < 3; i++) {
			goalIds[i] = create("Goal", """
					{"resourceType":"Goal","lifecycleStatus":"active","description":{"text":"Goal %d"},
					 "subject":{"reference":"Patient/%s"},"startDate":"%s"}""".formatted(i, patientId, starts[i]));
		}
		carePlanId = create("CarePlan", """
				{"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Patient/%s"},
				 "careTeam":[{"reference":"CareTeam/%s"}],"goal":[{"reference":"Goal/%s"}]}"""
			.formatted(patientId, careTeamId, goalIds[0]));
		serviceRequestId = create("ServiceRequest", """
				{"resourceType":"ServiceRequest","status":"active","intent":"order","subject":{"reference":"Patient/%s"},
				 "basedOn":[{"reference":"CarePlan/%s"}],"code":{"text":"Physical therapy"}}"""
			.formatted(patientId, carePlanId));
		create("Condition", """
				{"resourceType":"Condition","subject":{"reference":"Patient/%s"},"code":{"text":"Hip fracture"}}"""
			.formatted(patientId));
		create("CarePlan", """
				{"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Patient/%s"}}"""
			.formatted(otherPatientId));
	}

	@Test
	void chainedParameterFindsCarePlansByPatientName() {
		fhir().get("/CarePlan?subject:Patient.family:exact=" + family).then().statusCode(200)
			.body("total", equalTo(1)).body("entry[0].resource.id", equalTo(carePlanId));
	}

	@Test
	void reverseChainFindsPatientsWithAnActiveReferral() {
		fhir().get("/Patient?_has:ServiceRequest:subject:status=active&family:exact=" + family).then().statusCode(200)
			.body("total", equalTo(1)).body("entry[0].resource.id", equalTo(patientId));
	}

	@Test
	void includeBringsTheGoalsAndCareTeamOfACarePlan() {
		JsonPath bundle = fhir().get("/CarePlan?subject=Patient/" + patientId
				+ "&_include=CarePlan:goal&_include=CarePlan:care-team").then().statusCode(200).extract().jsonPath();

		assertThat(bundle.getList("entry.findAll { it.search.mode == 'include' }.resource.resourceType", String.class))
			.containsExactlyInAnyOrder("Goal", "CareTeam");
	}

	@Test
	void iteratedRevincludeFollowsFromPatientToCarePlanToReferral() {
		JsonPath bundle = fhir().get("/Patient?_id=" + patientId
				+ "&_revinclude=CarePlan:subject&_revinclude:iterate=ServiceRequest:based-on").then().statusCode(200)
			.extract().jsonPath();

		assertThat(bundle.getList("entry.resource.id", String.class)).contains(patientId, carePlanId, serviceRequestId);
	}

	@Test
	void sortOrdersGoalsByStartDate() {
		List<String> starts = fhir().get("/Goal?subject=Patient/" + patientId + "&_sort=-start-date").then()
			.statusCode(200).extract().jsonPath().getList("entry.resource.startDate", String.class);

		assertThat(starts).containsExactly("2024-03-01", "2024-02-15", "2024-01-10");
	}

	@Test
	void countPagesThroughResultsWithNextLinks() {
		JsonPath first = fhir().get("/Goal?subject=Patient/" + patientId + "&_count=2&_sort=start-date").then()
			.statusCode(200).extract().jsonPath();
		assertThat(first.getList("entry.resource.id", String.class)).hasSize(2);
		String next = first.getString("link.find { it.relation == 'next' }.url");
		assertThat(next).isNotNull();

		JsonPath second = fhir().get(next).then().statusCode(200).extract().jsonPath();

		assertThat(second.getList("entry.resource.startDate", String.class)).containsExactly("2024-03-01");
	}

	@Test
	void elementsAndSummaryCountShapeTheResult() {
		fhir().get("/Patient?_id=" + patientId + "&_elements=name").then().statusCode(200)
			.body("entry[0].resource.name[0].family", equalTo(family))
			.body("entry[0].resource.gender", nullValue());
		fhir().get("/Goal?subject=Patient/" + patientId + "&_summary=count").then().statusCode(200)
			.body("total", equalTo(3)).body("entry", nullValue());
		fhir().get("/Goal?subject=Patient/" + patientId + "&_total=accurate&_count=1").then().statusCode(200)
			.body("total", equalTo(3));
	}

	@Test
	void everythingReturnsThePatientsRecordAndNothingOfAnotherPatient() {
		JsonPath bundle = fhir().get("/Patient/" + patientId + "/$everything?_count=100").then().statusCode(200)
			.extract().jsonPath();

		assertThat(bundle.getList("entry.resource.resourceType", String.class)).contains("Patient", "CarePlan", "Goal",
				"CareTeam", "ServiceRequest", "Condition", "Practitioner");
		assertThat(bundle.getList("entry.resource.id", String.class)).doesNotContain(otherPatientId);
	}

}
