package org.careplanfhir.server.search;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search whose matches fit on one page is answered whole and not kept by HAPI; one match more
 * than a page, and the search is paged and kept as before, with the same matches. What HAPI keeps
 * is read from its search table.
 */
class OnePageSearchesIntegrationTests extends FhirServerTest {

	private String family;

	private String patient;

	private List<String> goals;

	@BeforeEach
	void storeThreePatientsAndAPlanWithThreeGoals() {
		family = unique("OnePage").replace("-", "");
		for (int i = 0; i < 3; i++) {
			create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"given\":[\"P" + i + "\"]}]}");
		}
		patient = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "Planned\"}]}");
		goals = List.of(goal("Walk 50 m"), goal("Dress independently"), goal("Cook a meal"));
		create("CarePlan", "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"},\"goal\":[" + goals.stream().map(goal -> "{\"reference\":\"Goal/" + goal + "\"}")
					.collect(Collectors.joining(",")) + "]}");
	}

	@Test
	void matchesThatFitOnOnePageComeWholeWithTheirTotalAndNoSearchIsKept() {
		for (String search : List.of("/Patient?family:exact=" + family, "/Patient?family:exact=" + family + "&_count=3")) {
			List<JsonPath> pages = walkPages(search);
			assertThat(pages).as(search).hasSize(1);
			assertThat(pages.get(0).getInt("total")).as(search).isEqualTo(3);
			assertThat(pages.get(0).getList("entry.search.mode", String.class)).as(search).containsExactly("match", "match", "match");
		}
		assertThat(KeptSearches.holding(database, family)).isZero();
	}

	@Test
	void oneMatchMoreThanAPageIsPagedAndKeptWithTheSameMatches() {
		Set<String> onOnePage = ids(walkPages("/Patient?family:exact=" + family + "&_count=3"));
		List<JsonPath> pages = walkPages("/Patient?family:exact=" + family + "&_count=2");
		assertThat(pages).hasSize(2);
		assertThat(pages.stream().mapToInt(page -> page.getList("entry").size()).sum()).isEqualTo(3);
		assertThat(ids(pages)).hasSize(3).isEqualTo(onOnePage);
		assertThat(KeptSearches.holding(database, family)).isEqualTo(1);
	}

	@Test
	void includedResourcesComeWithTheirOnePageAndAreNotCountedAsMatches() {
		JsonPath page = fhir().get("/CarePlan?subject=Patient/" + patient + "&_include=CarePlan:goal&_count=1").then()
			.statusCode(200).extract().jsonPath();
		assertThat(page.getInt("total")).isEqualTo(1);
		assertThat(link(page, "next")).isNull();
		assertThat(page.getList("entry.search.mode", String.class)).containsExactlyInAnyOrder("match", "include", "include",
				"include");
		assertThat(page.getList("entry.findAll { it.search.mode == 'include' }.resource.id", String.class))
			.containsExactlyInAnyOrderElementsOf(goals);
		assertThat(KeptSearches.holding(database, patient)).isZero();
	}

	@Test
	void theSearchesOfABatchEachGetTheirOwnAnswerThoughHapiRunsThemAtOnce() {
		StringBuilder entries = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			entries.append(i == 0 ? "" : ",").append("{\"request\":{\"method\":\"GET\",\"url\":\"Patient?family:exact=")
				.append(family).append("&_count=").append(i % 2 == 0 ? 2 : 3).append("\"}}");
		}
		JsonPath batch = fhir().body("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[" + entries + "]}").post("/")
			.then().statusCode(200).extract().jsonPath();
		for (int i = 0; i < 12; i++) {
			String answer = "entry[" + i + "].resource";
			boolean paged = i % 2 == 0;
			assertThat(batch.getList(answer + ".entry")).as(answer).hasSize(paged ? 2 : 3);
			assertThat(batch.getList(answer + ".link.relation", String.class)).as(answer).containsOnlyOnce("self");
			assertThat(batch.getList(answer + ".link.relation", String.class).contains("next")).as(answer).isEqualTo(paged);
		}
	}

	@Test
	void aSearchWithIteratedIncludesIsLeftToHapi() {
		JsonPath page = fhir().get("/CarePlan?subject=Patient/" + patient + "&_include:iterate=CarePlan:goal").then()
			.statusCode(200).extract().jsonPath();
		assertThat(page.getList("entry.resource.id", String.class)).containsAll(goals);
		assertThat(KeptSearches.holding(database, patient)).isEqualTo(1);
	}

	private String goal(String description) {
		return create("Goal", "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"" + description
				+ "\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}");
	}

	private static Set<String> ids(List<JsonPath> pages) {
		return pages.stream().flatMap(page -> page.getList("entry.resource.id", String.class).stream()).collect(Collectors.toSet());
	}

}
