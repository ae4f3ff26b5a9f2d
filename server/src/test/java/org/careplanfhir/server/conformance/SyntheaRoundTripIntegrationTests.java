package org.careplanfhir.server.conformance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Synthea's output, the data every FHIR server is tried with, goes in as Synthea writes it (every
 * resource claiming a US Core profile) in strict mode, and comes back out: through
 * {@code Patient/$everything} and US Core's own searches.
 */
class SyntheaRoundTripIntegrationTests extends FhirServerTest {

	@Test
	void aSyntheaPersonWithUsCore610ClaimsIsStoredInStrictModeWithoutARejection() {
		SyntheaRecords.Loaded loaded = SyntheaRecords.usCore610(body -> fhir().body(body));

		for (int i = 0; i < loaded.answers().size(); i++) {
			Response answer = loaded.answers().get(i);
			assertThat(answer.statusCode()).as("answer to bundle %d: %s", i, answer.asString()).isEqualTo(200);
			assertThat(answer.jsonPath().getList("entry.response.status", String.class))
				.hasSize(loaded.bundles().get(i).getList("entry").size())
				.allMatch(status -> status.startsWith("201") || status.startsWith("200"));
		}
		String patient = loaded.patientId();
		assertThat(fhir().get("/Patient/" + patient).jsonPath().getString("name[0].family")).isEqualTo("Watsica258");
		// Every resource claims US Core; race and ethnicity come from VSAC, which is not here: said, not refused.
		assertThat(outcomesOf(loaded.answers().get(2), "Patient/" + patient))
			.anyMatch(issue -> issue.contains("OMB Race Categories") && issue.contains("Not checked"));
	}

	@Test
	void syntheasDefaultClaimsOfUsCore501ProfilesNoLongerDefinedAreStoredAndTheAnswerSaysSo() {
		SyntheaRecords.Loaded loaded = SyntheaRecords.usCore501(body -> fhir().body(body));

		for (Response answer : loaded.answers()) {
			assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
		}
		List<String> surveyObservations = new ArrayList<>();
		Response person = loaded.answers().get(2);
		for (Map<String, Object> entry : person.jsonPath().<Map<String, Object>>getList("entry.response")) {
			String outcome = String.valueOf(entry.get("outcome"));
			if (outcome.contains("us-core-observation-social-history is not known to this server")) {
				surveyObservations.add((String) entry.get("location"));
			}
		}
		long claimingRetiredProfile = loaded.personEntries()
			.stream()
			.filter(resource -> String.valueOf(resource.get("meta")).contains("us-core-observation-social-history"))
			.count();
		assertThat(claimingRetiredProfile).isPositive();
		assertThat(surveyObservations).hasSize((int) claimingRetiredProfile).allMatch(location -> location.startsWith("Observation/"));
	}

	@Test
	void patientEverythingGivesTheWholeRecordBack() {
		SyntheaRecords.Loaded loaded = SyntheaRecords.usCore610(body -> fhir().body(body));
		String patient = loaded.patientId();

		Set<String> returned = new HashSet<>();
		String page = "/Patient/" + patient + "/$everything?_count=100";
		while (page != null) {
			JsonPath bundle = fhir().get(page).then().statusCode(200).extract().jsonPath();
			for (Map<String, Object> resource : bundle.<Map<String, Object>>getList("entry.resource")) {
				returned.add(resource.get("resourceType") + "/" + resource.get("id"));
			}
			String next = bundle.getString("link.find { it.relation == 'next' }.url");
			page = next == null ? null : next.substring(next.indexOf("/fhir") + "/fhir".length());
		}
		List<String> stored = loaded.answers().get(2).jsonPath().getList("entry.response.location", String.class)
			.stream()
			.map(location -> location.substring(0, location.indexOf("/_history")))
			.toList();
		assertThat(stored).hasSize(283);
		assertThat(returned).containsAll(stored);
	}

	@Test
	void usCoreSearchesFindWhatSyntheaSent() {
		SyntheaRecords.Loaded loaded = SyntheaRecords.usCore610(body -> fhir().body(body));
		String patient = loaded.patientId();
		long vitalSigns = loaded.personEntries()
			.stream()
			.filter(resource -> "Observation".equals(resource.get("resourceType"))
					&& String.valueOf(resource.get("category")).contains("vital-signs"))
			.count();
		long conditions = loaded.personEntries()
			.stream()
			.filter(resource -> "Condition".equals(resource.get("resourceType")))
			.count();

		assertThat(vitalSigns).isEqualTo(21);
		assertThat(fhir().get("/Observation?patient=" + patient + "&category=vital-signs&_summary=count")
			.jsonPath()
			.getInt("total")).isEqualTo((int) vitalSigns);
		assertThat(fhir().get("/Observation?patient=" + patient
				+ "&category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs&code=http://loinc.org|8867-4&_count=200")
			.jsonPath()
			.getList("entry.resource.code.coding[0].code", String.class)).isNotEmpty().containsOnly("8867-4");
		assertThat(conditions).isEqualTo(18);
		assertThat(fhir().get("/Condition?patient=" + patient + "&_count=200")
			.jsonPath()
			.getList("entry.resource.subject.reference", String.class)).hasSize((int) conditions)
			.containsOnly("Patient/" + patient);
	}

	private static List<String> outcomesOf(Response transaction, String resource) {
		List<String> issues = new ArrayList<>();
		for (Map<String, Object> entry : transaction.jsonPath().<Map<String, Object>>getList("entry.response")) {
			if (String.valueOf(entry.get("location")).startsWith(resource + "/")) {
				issues.add(String.valueOf(entry.get("outcome")));
			}
		}
		return issues;
	}

}
