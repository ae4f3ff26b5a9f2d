package org.careplanfhir.server.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * {@code Patient/[id]/$everything} with its parameters, over a case whose records span 2019 to 2021:
 * a care plan with a period, observations, a referral Task for the patient (outside R4's Patient
 * compartment) and the Provenance of the care plan (which names the plan, not the patient).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientEverythingIntegrationTests extends FhirServerTest {

	private String patient;

	private String carePlan;

	private String task;

	private String provenance;

	private final List<String> observations = new ArrayList<>();

	private String practitioner;

	@Autowired
	private EverythingProvenance everythingProvenance;

	@BeforeAll
	void storeCase() {
		pointRestAssuredAtServer();
		practitioner = create("Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Ward\"}]}");
		patient = create("Patient", """
				{"resourceType":"Patient","name":[{"family":"%s"}],"generalPractitioner":[{"reference":"Practitioner/%s"}]}"""
			.formatted(unique("Everything"), practitioner));
		for (String year : List.of("2019", "2020", "2021")) {
			observations.add(create("Observation", """
					{"resourceType":"Observation","status":"final","code":{"text":"mobility score"},
					 "subject":{"reference":"Patient/%s"},"effectiveDateTime":"%s-06-15T12:00:00Z"}""".formatted(patient, year)));
		}
		carePlan = create("CarePlan", """
				{"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Patient/%s"},
				 "period":{"start":"2021-02-01","end":"2021-08-01"}}""".formatted(patient));
		task = create("Task", """
				{"resourceType":"Task","status":"requested","intent":"order","for":{"reference":"Patient/%s"},
				 "authoredOn":"2020-03-10T12:00:00Z"}""".formatted(patient));
		provenance = create("Provenance", """
				{"resourceType":"Provenance","target":[{"reference":"CarePlan/%s"}],"recorded":"2021-02-01T12:00:00Z",
				 "agent":[{"who":{"reference":"Practitioner/%s"}}]}""".formatted(carePlan, practitioner));
	}

	@Test
	void theRecordHoldsReferralTasksAndTheProvenanceOfItsRecords() {
		Set<String> ids = idsOf(walkPages("/Patient/" + patient + "/$everything"));
		assertThat(ids).contains("Patient/" + patient, "CarePlan/" + carePlan, "Task/" + task, "Provenance/" + provenance,
				"Practitioner/" + practitioner);
		assertThat(ids).containsAll(observations.stream().map(id -> "Observation/" + id).toList());
	}

	@Test
	void aRecordWithoutHapisKeyIsMatchedToItsProvenanceByReference() {
		// A page not loaded by HAPI: its care plan carries no database key, so its Provenance is found by reference.
		Bundle page = new Bundle();
		page.addEntry().setResource(new CarePlan().setIdElement(new IdType("CarePlan", carePlan)));
		SystemRequestDetails request = new SystemRequestDetails();
		request.setOperation("$everything");
		request.setFhirServerBase("http://localhost:" + port + "/fhir");
		everythingProvenance.addProvenance(request, new ResponseDetails(page));
		assertThat(page.getEntry()).extracting(entry -> entry.getResource().getIdElement().toUnqualifiedVersionless().getValue())
			.contains("Provenance/" + provenance);
	}

	@Test
	void typeLimitsTheRecordToTheNamedTypes() {
		Set<String> ids = idsOf(walkPages("/Patient/" + patient + "/$everything?_type=Task,CarePlan,Provenance"));
		assertThat(ids).contains("Task/" + task, "CarePlan/" + carePlan, "Provenance/" + provenance);
		assertThat(ids).allMatch(id -> id.startsWith("Task/") || id.startsWith("CarePlan/") || id.startsWith("Provenance/")
				|| id.startsWith("Patient/"));
		assertThat(idsOf(walkPages("/Patient/" + patient + "/$everything?_type=Task,CarePlan"))).doesNotContain("Provenance/" + provenance);
	}

	@Test
	void startAndEndKeepTheRecordsWhoseCareDatesFallInTheWindow() {
		Set<String> ids = idsOf(walkPages("/Patient/" + patient + "/$everything?start=2020-01-01&end=2020-12-31"));
		assertThat(ids).contains("Observation/" + observations.get(1), "Task/" + task, "Patient/" + patient,
				"Practitioner/" + practitioner);
		assertThat(ids).doesNotContain("Observation/" + observations.get(0), "Observation/" + observations.get(2),
				"CarePlan/" + carePlan, "Provenance/" + provenance);
		Set<String> from2021 = idsOf(walkPages("/Patient/" + patient + "/$everything?start=2021"));
		assertThat(from2021).contains("Observation/" + observations.get(2), "CarePlan/" + carePlan, "Provenance/" + provenance);
		assertThat(from2021).doesNotContain("Observation/" + observations.get(0), "Task/" + task);
	}

	@Test
	void everyPageOfAWindowedRecordKeepsTheWindow() {
		assertThat(idsOf(walkPages("/Patient/" + patient + "/$everything?start=2020-01-01&end=2020-12-31&_count=1")))
			.isEqualTo(idsOf(walkPages("/Patient/" + patient + "/$everything?start=2020-01-01&end=2020-12-31")));
		assertThat(idsOf(walkPages("/Patient/" + patient + "/$everything?start=2021&_count=2")))
			.isEqualTo(idsOf(walkPages("/Patient/" + patient + "/$everything?start=2021")));
	}

	@Test
	void sinceKeepsOnlyWhatChangedAtOrAfterThatInstant() throws InterruptedException {
		Thread.sleep(5);
		String since = Instant.now().toString();
		Thread.sleep(5);
		fhir().body("""
				{"resourceType":"Task","id":"%s","status":"accepted","intent":"order","for":{"reference":"Patient/%s"},
				 "authoredOn":"2020-03-10T12:00:00Z"}""".formatted(task, patient)).put("/Task/" + task).then().statusCode(200);
		Set<String> ids = idsOf(walkPages("/Patient/" + patient + "/$everything?_since=" + since));
		// The update, and the Provenance written with it.
		assertThat(ids).contains("Task/" + task).hasSize(2);
		assertThat(ids.stream().filter(id -> !id.equals("Task/" + task))).singleElement().asString().startsWith("Provenance/");
	}

	@Test
	void countPagesTheRecordAndTheLinksLeadToTheEnd() {
		List<JsonPath> pages = walkPages("/Patient/" + patient + "/$everything?_count=2");
		assertThat(pages.size()).isGreaterThan(2);
		assertThat(pages.get(0).getList("entry.search.mode").stream().filter("match"::equals)).hasSize(2);
		assertThat(idsOf(pages)).isEqualTo(idsOf(walkPages("/Patient/" + patient + "/$everything")));
	}

	@Test
	void aWindowThatEndsBeforeItStartsOrIsNotADateIsABadRequest() {
		fhir().get("/Patient/" + patient + "/$everything?start=2021&end=2020").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("after its end"));
		fhir().get("/Patient/" + patient + "/$everything?start=soon").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("'start'"));
		fhir().get("/Patient/" + patient + "/$everything?_since=2024-01-01").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("instant"));
	}

	private static Set<String> idsOf(List<JsonPath> pages) {
		Set<String> ids = new HashSet<>();
		for (JsonPath page : pages) {
			List<String> types = page.getList("entry.resource.resourceType");
			List<String> found = page.getList("entry.resource.id");
			// A page whose records all lie outside a window comes back empty; its links still lead on.
			for (int i = 0; types != null && i < types.size(); i++) {
				ids.add(types.get(i) + "/" + found.get(i));
			}
		}
		return ids;
	}
}
