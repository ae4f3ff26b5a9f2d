package org.careplanfhir.server.fhir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * The search interactions of the FHIR REST API beyond a type search: system-level search and
 * compartment search, and what the CapabilityStatement says of searches and references.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchInteractionsIntegrationTests extends FhirServerTest {

	private String patient;

	private String other;

	private String plan;

	private String performedBy;

	private final List<String> goals = new ArrayList<>();

	@BeforeAll
	void storeCase() {
		pointRestAssuredAtServer();
		String tag = unique("sys");
		patient = create("Patient", "{\"resourceType\":\"Patient\",\"meta\":{\"tag\":[{\"system\":\"urn:test\",\"code\":\"" + tag
				+ "\"}]},\"name\":[{\"family\":\"" + unique("Compartment") + "\"}]}");
		other = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + unique("Other") + "\"}]}");
		plan = create("CarePlan", """
				{"resourceType":"CarePlan","meta":{"tag":[{"system":"urn:test","code":"%s"}]},"status":"active","intent":"plan",
				 "subject":{"reference":"Patient/%s"}}""".formatted(tag, patient));
		for (int i = 0; i < 3; i++) {
			goals.add(create("Goal", """
					{"resourceType":"Goal","meta":{"tag":[{"system":"urn:test","code":"%s"}]},"lifecycleStatus":"active",
					 "description":{"text":"Goal %d"},"subject":{"reference":"Patient/%s"}}""".formatted(tag, i, patient)));
		}
		// An observation about another patient that this patient performed: in this patient's compartment too.
		performedBy = create("Observation", """
				{"resourceType":"Observation","status":"final","code":{"text":"caregiver report"},
				 "subject":{"reference":"Patient/%s"},"performer":[{"reference":"Patient/%s"}]}""".formatted(other, patient));
		create("Observation", """
				{"resourceType":"Observation","status":"final","code":{"text":"unrelated"},"subject":{"reference":"Patient/%s"}}"""
			.formatted(other));
		this.tag = tag;
	}

	private String tag;

	@Test
	void aSystemSearchByIdFindsTheResourceWhateverItsType() {
		fhir().get("/?_id=" + patient).then().statusCode(200).body("type", equalTo("searchset")).body("total", equalTo(1))
			.body("entry[0].resource.resourceType", equalTo("Patient")).body("entry[0].resource.id", equalTo(patient));
	}

	@Test
	void aSystemSearchOverSeveralTypesPagesAcrossThemToTheEnd() {
		List<JsonPath> pages = walkPages("/?_type=Patient,CarePlan,Goal&_tag=urn:test|" + tag + "&_count=2");
		assertThat(pages).hasSize(3);
		assertThat(pages.get(0).getInt("total")).isEqualTo(5);
		Set<String> ids = new HashSet<>();
		for (JsonPath page : pages) {
			List<String> types = page.getList("entry.resource.resourceType");
			List<String> found = page.getList("entry.resource.id");
			for (int i = 0; i < types.size(); i++) {
				ids.add(types.get(i) + "/" + found.get(i));
			}
		}
		Set<String> expected = new HashSet<>(List.of("Patient/" + patient, "CarePlan/" + plan));
		goals.forEach(goal -> expected.add("Goal/" + goal));
		assertThat(ids).isEqualTo(expected);
	}

	@Test
	void aSystemSearchWithoutTypeSearchesEveryTypeThatHoldsResources() {
		fhir().get("/?_tag=urn:test|" + tag + "&_count=50").then().statusCode(200).body("total", equalTo(5));
	}

	@Test
	void aSystemSearchWithOneTypeTakesEveryParameterOfThatType() {
		fhir().get("/?_type=Goal&subject=Patient/" + patient + "&_id=" + goals.get(1) + "&lifecycle-status=active").then().statusCode(200)
			.body("total", equalTo(1)).body("entry[0].resource.id", equalTo(goals.get(1)))
			.body("link.find { it.relation == 'self' }.url", containsString("_type=Goal"));
	}

	@Test
	void aSystemSearchOverSeveralTypesRefusesAParameterNotEveryTypeHas() {
		fhir().get("/?_type=Patient,Goal&subject=Patient/" + patient).then().statusCode(400)
			.body("issue[0].diagnostics", containsString("'subject'"));
		fhir().get("/?_type=Patient,Nonsense").then().statusCode(400).body("issue[0].diagnostics", containsString("Nonsense"));
	}

	@Test
	void aSearchOverSeveralTypesNeedsAnUnfilteredSystemScopeOnEachOfThem() {
		String patientsOnly = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET, "system/Patient.rs")
			.value();
		given().auth().oauth2(patientsOnly).accept(FHIR_JSON).get("/?_type=Patient,Goal&_id=" + patient).then().statusCode(403)
			.body("issue[0].diagnostics", containsString("Goal"));
		given().auth().oauth2(patientsOnly).accept(FHIR_JSON).get("/?_id=" + patient).then().statusCode(403);
		given().auth().oauth2(patientsOnly).accept(FHIR_JSON).get("/?_type=Patient&_id=" + patient).then().statusCode(200)
			.body("total", equalTo(1));
	}

	@Test
	void aCompartmentSearchFindsWhatTheCompartmentParametersName() {
		fhir().get("/Patient/" + patient + "/CarePlan").then().statusCode(200).body("total", equalTo(1))
			.body("entry[0].resource.id", equalTo(plan))
			.body("link.find { it.relation == 'self' }.url", equalTo(baseUrl() + "/Patient/" + patient + "/CarePlan"));
		fhir().get("/Patient/" + patient + "/Goal?_count=2").then().statusCode(200).body("entry.size()", equalTo(2));
		fhir().get("/Patient/" + patient + "/Observation").then().statusCode(200).body("total", equalTo(1))
			.body("entry[0].resource.id", equalTo(performedBy));
		fhir().get("/Patient/" + other + "/Observation?code:text=unrelated").then().statusCode(200).body("total", equalTo(1));
		fhir().get("/Patient/" + patient + "/Patient").then().statusCode(200).body("total", equalTo(1))
			.body("entry[0].resource.id", equalTo(patient));
	}

	@Test
	void aCompartmentSearchOfATypeOutsideTheCompartmentOrOfEveryTypeSaysWhatToDoInstead() {
		fhir().get("/Patient/" + patient + "/Practitioner").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("not in the Patient compartment"));
		fhir().get("/Patient/" + patient + "/*").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("$everything"));
		fhir().get("/Patient?_filter=name eq x").then().statusCode(400).body("issue[0].diagnostics", containsString("_filter"));
		fhir().get("/Patient/" + patient + "/CarePlan?_filter=status eq active").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("_filter"));
	}

	@Test
	void theCapabilityStatementSaysHowReferencesAreHandledAndWhatIsSearched() {
		fhir().get("/metadata").then().statusCode(200)
			.body("rest[0].compartment", hasItem("http://hl7.org/fhir/CompartmentDefinition/patient"))
			.body("rest[0].resource.find { it.type == 'CarePlan' }.referencePolicy", hasItems("literal", "local", "enforced"))
			.body("rest[0].resource.find { it.type == 'Patient' }.searchParam.name", not(hasItem("phonetic")))
			.body("rest[0].resource.find { it.type == 'Patient' }.searchParam.name", hasItems("name", "birthdate", "_id"));
	}

	private String baseUrl() {
		return "http://localhost:" + port + "/fhir";
	}
}
