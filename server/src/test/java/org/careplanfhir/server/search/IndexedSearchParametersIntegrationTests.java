package org.careplanfhir.server.search;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * What writes index: the built-in search parameters of {@code careplan.search.retired-parameters}
 * are retired (not indexed, refused as unknown, not offered), the others are not touched; full-text
 * content is indexed for the types of {@code careplan.search.content-types} only, and a search by
 * words of a type that is not indexed is refused rather than answered empty.
 */
class IndexedSearchParametersIntegrationTests extends FhirServerTest {

	@Test
	void aRetiredBuiltInParameterIsNeitherIndexedNorSearchableNorOffered() {
		String family = unique("Retired").replace("-", "");
		String id = fhir().body("{\"resourceType\":\"Patient\",\"language\":\"en\",\"name\":[{\"family\":\"" + family
				+ "\"}],\"address\":[{\"use\":\"home\",\"city\":\"Leeds\"}]}")
			.post("/Patient")
			.then()
			.statusCode(201)
			.extract()
			.path("id");

		fhir().get("/SearchParameter/retired-individual-phonetic").then().statusCode(200)
			.body("status", equalTo("retired"))
			.body("url", equalTo("http://hl7.org/fhir/SearchParameter/individual-phonetic"))
			.body("base", hasItems("Patient", "Practitioner", "RelatedPerson"));
		for (String parameter : new String[] { "phonetic=" + family, "language=en", "address-use=home" }) {
			fhir().get("/Patient?" + parameter).then().statusCode(400)
				.body("issue[0].diagnostics", containsString(parameter.substring(0, parameter.indexOf('='))));
		}
		Integer indexed = database.queryForObject("""
				select count(*) from hfj_spidx_string s join hfj_resource r on r.res_id = s.res_id
				where r.fhir_id = ? and r.res_type = 'Patient' and s.sp_name in ('phonetic', 'address-use')""",
				Integer.class, id);
		Integer tokens = database.queryForObject("""
				select count(*) from hfj_spidx_token s join hfj_resource r on r.res_id = s.res_id
				where r.fhir_id = ? and r.res_type = 'Patient' and s.sp_name in ('language', 'address-use')""",
				Integer.class, id);
		assertThat(indexed + tokens).as("index rows of retired parameters").isZero();

		fhir().get("/Patient?family=" + family + "&address-city=Leeds").then().statusCode(200).body("total", equalTo(1));
		fhir().get("/metadata").then().statusCode(200)
			.body("rest[0].resource.find { it.type == 'Patient' }.searchParam.name", not(hasItem("language")))
			.body("rest[0].resource.find { it.type == 'Patient' }.searchParam.name", hasItems("family", "address-city"));
	}

	@Test
	void wordsAreIndexedForTheCaseManagementTypesAndASearchOfAnotherTypeIsRefused() {
		String word = unique("observed").replace("-", "");
		fhir().body("""
				{"resourceType":"Observation","status":"final","code":{"text":"%s"},
				 "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">%s</div>"}}"""
			.formatted(word, word)).post("/Observation").then().statusCode(201);

		fhir().get("/Observation?_content=" + word).then().statusCode(400)
			.body("issue[0].diagnostics", containsString("careplan.search.content-types"));
		fhir().get("/Observation?_text=" + word).then().statusCode(200).body("total", equalTo(1));
		fhir().get("/Goal?_content=" + word).then().statusCode(200).body("total", equalTo(0));
	}

}
