package org.careplanfhir.server.terminology;

import java.util.ArrayList;
import java.util.List;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The terminology operations on the case-management code systems, value sets and concept maps. */
class TerminologyOperationsIntegrationTests extends FhirServerTest {

	private static final String CM = "http://careplan-fhir.org/fhir/";

	private static final String SPECIALTY = CM + "CodeSystem/cm-specialty";

	private static final String SCT = "http://snomed.info/sct";

	private static final String NUCC = "http://nucc.org/provider-taxonomy";

	@Test
	void expandFilterMatchesWholeWords() {
		assertThat(expandCodes(CM + "ValueSet/cm-case-manager-role", "nurse")).containsExactlyInAnyOrder("445451001",
				"3981000175106", "163WC0400X");
	}

	@Test
	void expandFilterMatchesWordPrefixes() {
		assertThat(expandCodes(CM + "ValueSet/cm-case-manager-role", "coord")).containsExactlyInAnyOrder("768820003",
				"768821004", "768822006", "171M00000X");
	}

	@Test
	void expandFilterTakesWordsInAnyOrderIgnoringPunctuation() {
		assertThat(expandCodes(CM + "ValueSet/cm-case-manager-role", "case nurse")).containsExactlyInAnyOrder("445451001",
				"3981000175106", "163WC0400X");
		assertThat(expandCodes(CM + "ValueSet/cm-case-manager-role", "occupation")).hasSize(6);
	}

	@Test
	void expandFilterGivesTheSameAnswerByUrlAndIdGetAndPostBeforeAndAfterPreExpansion() {
		// Written just now, so HAPI has not pre-expanded it: HAPI alone would ignore the filter.
		String url = "http://example.org/fhir/ValueSet/" + unique("roles");
		String id = create("ValueSet", """
				{"resourceType":"ValueSet","url":"%s","status":"active","compose":{"include":[{"system":"%s","concept":[
				 {"code":"445451001","display":"Nurse case manager (occupation)"},
				 {"code":"3981000175106","display":"Nurse complex case manager (occupation)"},
				 {"code":"768820003","display":"Care coordinator (occupation)"}]}]}}""".formatted(url, SCT));
		String post = """
				{"resourceType":"Parameters","parameter":[%s{"name":"filter","valueString":"nurse"},
				 {"name":"count","valueInteger":1},{"name":"offset","valueInteger":1}]}""";
		List<JsonPath> answers = List.of(
				fhir().get("/ValueSet/$expand?url=" + url + "&filter=nurse&count=1&offset=1").then().statusCode(200).extract().jsonPath(),
				fhir().get("/ValueSet/" + id + "/$expand?filter=nurse&count=1&offset=1").then().statusCode(200).extract().jsonPath(),
				fhir().body(post.formatted("{\"name\":\"url\",\"valueUri\":\"" + url + "\"},")).post("/ValueSet/$expand").then()
					.statusCode(200).extract().jsonPath(),
				fhir().body(post.formatted("")).post("/ValueSet/" + id + "/$expand").then().statusCode(200).extract().jsonPath());
		for (JsonPath answer : answers) {
			assertThat(answer.getInt("expansion.total")).as("matches counted before paging").isEqualTo(2);
			assertThat(answer.getInt("expansion.offset")).isEqualTo(1);
			assertThat(answer.getList("expansion.contains.code")).containsExactly("3981000175106");
			assertThat(answer.getList("expansion.parameter.name")).contains("filter", "count", "offset");
		}
		assertThat(fhir().get("/ValueSet/$expand?url=" + url + "&filter=7688").then().statusCode(200).extract().jsonPath()
			.getList("expansion.contains.code")).as("a code's start matches too").containsExactly("768820003");
		fhir().get("/ValueSet/$expand?url=" + url + "&filter=nurse&count=-1").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("'count'"));
	}

	@Test
	void expandFilterOnAValueSetDrawnFromACodeSystemCountsEveryMatchBeforePaging() {
		fhir().get("/ValueSet/$expand?url=" + CM + "ValueSet/cm-specialty&filter=case&count=3").then().statusCode(200)
			.body("expansion.total", equalTo(13)).body("expansion.contains.size()", equalTo(3));
	}

	@Test
	void expandPagesWithCountAndOffsetAndLeavesOutSpecialtyGroupings() {
		List<String> all = new ArrayList<>();
		for (int offset = 0; offset < 15; offset += 5) {
			JsonPath page = fhir().get("/ValueSet/$expand?url=" + CM + "ValueSet/cm-specialty&count=5&offset=" + offset)
				.then()
				.statusCode(200)
				.body("expansion.total", equalTo(13))
				.body("expansion.offset", equalTo(offset))
				.extract()
				.jsonPath();
			all.addAll(page.getList("expansion.contains.code"));
		}
		assertThat(all).containsExactlyInAnyOrder("nurse-cm", "medical-cm", "rehab-cm", "clinical-cm",
				"mental-health-cm", "geriatric-cm", "substance-use-cm", "social-work-cm", "child-cm", "juvenile-cm",
				"forensic-cm", "correctional-cm", "legal-cm");
	}

	@Test
	void valueSetValidateCodeAcceptsMembersAndExplainsNonMembers() {
		fhir().get("/ValueSet/$validate-code?url=" + CM + "ValueSet/cm-case-manager-role&system=" + SCT + "&code=445451001")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true))
			.body("parameter.find { it.name == 'display' }.valueString", equalTo("Nurse case manager (occupation)"));
		fhir().get("/ValueSet/$validate-code?url=" + CM + "ValueSet/cm-case-manager-role&system=" + SCT + "&code=36682004")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(false))
			.body("parameter.find { it.name == 'message' }.valueString", containsString("36682004"));
	}

	@Test
	void codeSystemValidateCodeAcceptsItsCodesAndRejectsOthers() {
		fhir().get("/CodeSystem/$validate-code?url=" + SPECIALTY + "&code=rehab-cm")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true))
			.body("parameter.find { it.name == 'display' }.valueString", equalTo("Rehabilitation case management"));
		fhir().get("/CodeSystem/$validate-code?url=" + SPECIALTY + "&code=no-such-cm")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(false))
			.body("parameter.find { it.name == 'message' }.valueString", containsString("no-such-cm"));
	}

	@Test
	void unknownCodeSystemIsAFalseResultWithAMessage() {
		fhir().get("/CodeSystem/$validate-code?url=http://example.org/no-such-system&code=x")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(false))
			.body("parameter.find { it.name == 'message' }.valueString", containsString("http://example.org/no-such-system"));
	}

	@Test
	void lookupGivesNameAndDisplay() {
		fhir().get("/CodeSystem/$lookup?system=" + SPECIALTY + "&code=rehab-cm")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'name' }.valueString", equalTo("CaseManagementSpecialty"))
			.body("parameter.find { it.name == 'display' }.valueString", equalTo("Rehabilitation case management"));
	}

	@Test
	void lookupOfAnUnknownCodeIsNotFoundWithAnOperationOutcome() {
		fhir().get("/CodeSystem/$lookup?system=" + SPECIALTY + "&code=no-such-cm")
			.then()
			.statusCode(404)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].severity", equalTo("error"))
			.body("issue[0].diagnostics", equalTo("Code 'no-such-cm' is not in code system " + SPECIALTY));
	}

	@Test
	void codeSystemLookedUpBeforeItIsUploadedIsFoundAfterTheUpload() {
		String system = "http://example.org/fhir/CodeSystem/" + unique("late-arrival");
		fhir().get("/CodeSystem/$lookup?system=" + system + "&code=A1").then().statusCode(404);

		String concepts = java.util.Base64.getEncoder()
			.encodeToString("CODE,DISPLAY\nA1,First finding\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		fhir().body("""
				{"resourceType": "Parameters", "parameter": [
				  {"name": "system", "valueUri": "%s"},
				  {"name": "file", "valueAttachment": {"contentType": "text/csv", "url": "concepts.csv", "data": "%s"}}]}"""
			.formatted(system, concepts))
			.post("/CodeSystem/$upload-external-code-system")
			.then()
			.statusCode(200);

		fhir().get("/CodeSystem/$lookup?system=" + system + "&code=A1")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'display' }.valueString", equalTo("First finding"));
	}

	@Test
	void subsumesFollowsTheSpecialtyHierarchy() {
		assertThat(subsumes("health-cm", "nurse-cm")).isEqualTo("subsumes");
		assertThat(subsumes("rehab-cm", "health-cm")).isEqualTo("subsumed-by");
		assertThat(subsumes("nurse-cm", "forensic-cm")).isEqualTo("not-subsumed");
		assertThat(subsumes("legal-cm", "legal-cm")).isEqualTo("equivalent");
	}

	@Test
	void translateMapsNuccToSnomedAndBack() {
		fhir().get("/ConceptMap/$translate?url=" + CM + "ConceptMap/nucc-to-snomed-case-manager-role&system=" + NUCC
				+ "&code=171M00000X&targetsystem=" + SCT)
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true))
			.body("parameter.findAll { it.name == 'match' }.part.flatten().findAll { it.name == 'concept' }.valueCoding.code",
					equalTo(List.of("768832004", "768820003")))
			.body("parameter.findAll { it.name == 'match' }.part.flatten().findAll { it.name == 'equivalence' }.valueCode",
					equalTo(List.of("equivalent", "wider")));
		fhir().get("/ConceptMap/$translate?url=" + CM + "ConceptMap/nucc-to-snomed-case-manager-role&system=" + SCT
				+ "&code=445451001&targetsystem=" + NUCC)
			.then()
			.body("parameter.findAll { it.name == 'match' }.part.flatten().findAll { it.name == 'concept' }.valueCoding.code",
					equalTo(List.of("163WC0400X")));
	}

	@Test
	void translateMapsASpecialtyToItsCarePlanType() {
		fhir().get("/ConceptMap/$translate?url=" + CM + "ConceptMap/specialty-to-careplan-type&system=" + SPECIALTY
				+ "&code=rehab-cm")
			.then()
			.body("parameter.findAll { it.name == 'match' }.part.flatten().findAll { it.name == 'concept' }.valueCoding.code",
					equalTo(List.of("736055001")));
		fhir().get("/ConceptMap/$translate?url=" + CM + "ConceptMap/specialty-to-careplan-type&system=" + SPECIALTY
				+ "&code=legal-cm")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(false));
	}

	@Test
	void malformedValueSetIsRejectedAndNotStored() {
		long before = storedCount("ValueSet");

		fhir().body("{\"resourceType\":\"ValueSet\",\"status\":\"active\",\"compose\":{\"include\":[{\"concept\":[{\"code\":\"a\"}]}]}}")
			.post("/ValueSet")
			.then()
			.statusCode(422)
			.body("issue.diagnostics", hasItem(containsString("vsd-1")));

		assertThat(storedCount("ValueSet")).isEqualTo(before);
	}

	@Test
	void expandOfAnUnknownValueSetIsNotFound() {
		fhir().get("/ValueSet/$expand?url=http://example.org/no-such-value-set")
			.then()
			.statusCode(404)
			.body("resourceType", equalTo("OperationOutcome"));
	}

	private List<String> expandCodes(String valueSet, String filter) {
		return fhir().get("/ValueSet/$expand?url=" + valueSet + "&filter=" + filter)
			.then()
			.statusCode(200)
			.extract()
			.jsonPath()
			.getList("expansion.contains.code");
	}

	private String subsumes(String codeA, String codeB) {
		return fhir().get("/CodeSystem/$subsumes?system=" + SPECIALTY + "&codeA=" + codeA + "&codeB=" + codeB)
			.then()
			.statusCode(200)
			.extract()
			.path("parameter.find { it.name == 'outcome' }.valueCode");
	}

}
