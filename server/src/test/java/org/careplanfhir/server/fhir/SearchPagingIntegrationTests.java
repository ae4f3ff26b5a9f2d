package org.careplanfhir.server.fhir;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Searches never answer with part of what was asked for: included resources come whole or the
 * search is refused, and every page has the shape asked for on the first. One patient has 1,500
 * observations (more than HAPI's silent cap of 1,000, fewer than the test server's limit of
 * {@value FhirServerTest#INCLUDED_PER_PAGE} per page), another 2,100 (more than the limit).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPagingIntegrationTests extends FhirServerTest {

	private static final int UNDER_THE_LIMIT = 1500;

	private static final int OVER_THE_LIMIT = 2100;

	private String within;

	private String beyond;

	@BeforeAll
	void storeObservations() {
		pointRestAssuredAtServer();
		within = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + unique("Within") + "\"}]}");
		beyond = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + unique("Beyond") + "\"}]}");
		storeObservations(within, UNDER_THE_LIMIT);
		storeObservations(beyond, OVER_THE_LIMIT);
	}

	private static void storeObservations(String patient, int count) {
		for (int done = 0; done < count; done += 500) {
			StringBuilder entries = new StringBuilder();
			for (int i = done; i < Math.min(count, done + 500); i++) {
				entries.append(i == done ? "" : ",").append("""
						{"resource":{"resourceType":"Observation","status":"final","code":{"text":"steps"},
						 "subject":{"reference":"Patient/%s"},"effectiveDateTime":"2024-01-01T12:00:00Z",
						 "valueQuantity":{"value":%d},"note":[{"text":"walked"}]},
						 "request":{"method":"POST","url":"Observation"}}""".formatted(patient, i));
			}
			fhir().body("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[" + entries + "]}").post("/").then()
				.statusCode(200);
		}
	}

	@Test
	void aRevincludeReturnsEveryIncludedResourceEvenBeyondHapisThousand() {
		JsonPath page = fhir().get("/Patient?_id=" + within + "&_revinclude=Observation:subject").then().statusCode(200)
			.extract().jsonPath();
		List<String> modes = page.getList("entry.search.mode");
		assertThat(modes.stream().filter("match"::equals)).hasSize(1);
		assertThat(modes.stream().filter("include"::equals)).hasSize(UNDER_THE_LIMIT);
		assertThat(new HashSet<>(page.getList("entry.resource.id"))).hasSize(UNDER_THE_LIMIT + 1);
		assertThat(database.queryForObject("SELECT count(*) FROM hfj_res_link WHERE target_resource_id = "
				+ "(SELECT res_id FROM hfj_resource WHERE fhir_id = ? AND res_type = 'Patient') AND src_path = 'Observation.subject'",
				Long.class, within)).isEqualTo(UNDER_THE_LIMIT);
	}

	@Test
	void aPageWhoseIncludedResourcesPassTheLimitIsRefusedNotCutShort() {
		fhir().get("/Patient?_id=" + beyond + "&_revinclude=Observation:subject").then().statusCode(422)
			.body("issue[0].code", equalTo("too-costly"))
			.body("issue[0].diagnostics", containsString(String.valueOf(INCLUDED_PER_PAGE)))
			.body("issue[0].diagnostics", containsString("_count"));
	}

	@Test
	void countLimitsTheMatchesOfAPageNotWhatTheyInclude() {
		List<JsonPath> pages = walkPages("/Observation?subject=Patient/" + within + "&_include=Observation:subject&_count=400");
		assertThat(pages).hasSize(4);
		int matches = 0;
		for (JsonPath page : pages) {
			List<String> modes = page.getList("entry.search.mode");
			assertThat(modes.stream().filter("include"::equals)).as("the patient on every page").hasSize(1);
			matches += (int) modes.stream().filter("match"::equals).count();
		}
		assertThat(matches).isEqualTo(UNDER_THE_LIMIT);
	}

	@Test
	void everyPageOfASummarySearchIsASummaryAndKeepsTheAskedTotal() {
		List<JsonPath> pages = walkPages("/Observation?subject=Patient/" + within + "&_summary=true&_total=accurate&_count=300");
		assertThat(pages).hasSize(5);
		Set<String> ids = new HashSet<>();
		for (JsonPath page : pages) {
			assertThat(page.getInt("total")).isEqualTo(UNDER_THE_LIMIT);
			assertThat(page.getList("entry.resource.note").stream().filter(note -> note != null)).isEmpty();
			assertThat(page.getList("entry.resource.meta.tag.code").toString()).contains("SUBSETTED");
			for (Map<String, String> link : page.<Map<String, String>>getList("link")) {
				if (!link.get("relation").equals("self") || link.get("url").contains("_getpages")) {
					assertThat(link.get("url")).contains("_summary=true").contains("_total=accurate");
				}
			}
			ids.addAll(page.getList("entry.resource.id"));
		}
		assertThat(ids).hasSize(UNDER_THE_LIMIT);
	}

	@Test
	void everyPageOfAnElementsSearchHoldsOnlyThoseElementsForwardsAndBackwards() {
		List<JsonPath> pages = walkPages("/Observation?subject=Patient/" + within + "&_elements=code&_count=500");
		assertThat(pages).hasSize(3);
		for (JsonPath page : pages) {
			for (Map<String, Object> resource : page.<Map<String, Object>>getList("entry.resource")) {
				assertThat(resource).containsOnlyKeys("resourceType", "id", "meta", "code");
			}
		}
		String previous = link(pages.get(2), "previous");
		assertThat(previous).contains("_elements=code");
		JsonPath back = given().urlEncodingEnabled(false).auth().oauth2(org.careplanfhir.server.TestTokens.system(port)).accept(FHIR_JSON)
			.get(previous).then().statusCode(200).extract().jsonPath();
		for (Map<String, Object> resource : back.<Map<String, Object>>getList("entry.resource")) {
			assertThat(resource).containsOnlyKeys("resourceType", "id", "meta", "code");
		}
	}
}
