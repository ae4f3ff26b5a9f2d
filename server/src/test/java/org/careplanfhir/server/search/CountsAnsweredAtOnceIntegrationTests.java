package org.careplanfhir.server.search;

import java.util.List;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * A search that asks only for its total is counted without HAPI keeping it as a stored search; one
 * with pages is still kept, so its further pages can be fetched. What HAPI keeps is read from its
 * search table.
 */
class CountsAnsweredAtOnceIntegrationTests extends FhirServerTest {

	private String family;

	@BeforeEach
	void storeThreePatients() {
		family = unique("Counted").replace("-", "");
		for (int i = 0; i < 3; i++) {
			create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"given\":[\"P" + i + "\"]}]}");
		}
	}

	@Test
	void aCountIsAnsweredWithTheRightTotalAndNoSearchIsKept() {
		for (String onlyTheTotal : List.of("&_summary=count", "&_count=0")) {
			fhir().get("/Patient?family=" + family + onlyTheTotal).then().statusCode(200)
				.body("resourceType", equalTo("Bundle")).body("type", equalTo("searchset"))
				.body("total", equalTo(3)).body("entry", nullValue());
		}
		assertThat(KeptSearches.holding(database, family)).isZero();
	}

	@Test
	void aCountInABatchIsAnsweredWithoutKeepingASearchToo() {
		String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"request\":{\"method\":\"GET\",\"url\":\"Patient?family="
				+ family + "&_summary=count\"}}]}";
		fhir().body(batch).post("/").then().statusCode(200).body("entry[0].resource.total", equalTo(3));
		assertThat(KeptSearches.holding(database, family)).isZero();
	}

	@Test
	void aSearchWithPagesIsStillKeptAndItsNextPageAnswers() {
		List<JsonPath> pages = walkPages("/Patient?family=" + family + "&_count=2");
		assertThat(pages).hasSize(2);
		assertThat(pages.stream().mapToInt(page -> page.getList("entry").size()).sum()).isEqualTo(3);
		assertThat(KeptSearches.holding(database, family)).isEqualTo(1);
	}

}
