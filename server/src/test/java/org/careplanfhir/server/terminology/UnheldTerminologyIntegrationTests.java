package org.careplanfhir.server.terminology;

import io.restassured.response.ValidatableResponse;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Value sets built on terminology the server does not hold: the US Core ones on BCP 47, SNOMED CT
 * or VSAC that come with the server, and ones a client writes. Each answer is a 422 that names
 * what is missing, never a server fault.
 */
class UnheldTerminologyIntegrationTests extends FhirServerTest {

	private static final String US_CORE = "http://hl7.org/fhir/us/core/ValueSet/";

	private static final String LOINC = "http://loinc.org";

	private static final String SNOMED = "http://snomed.info/sct";

	@Test
	void expandingAValueSetOnACodeSystemTheServerDoesNotHoldIsA422NamingTheCodeSystem() {
		unheld(fhir().get("/ValueSet/$expand?url=" + US_CORE + "simple-language"), "cannot be expanded",
				"draws on code system urn:ietf:bcp:47, which this server does not hold");

		String url = "http://example.org/fhir/ValueSet/" + unique("all-of-loinc");
		String id = valueSet(url, "{\"system\":\"" + LOINC + "\"}");
		String named = "draws on code system " + LOINC + ", which this server does not hold";
		unheld(fhir().get("/ValueSet/" + id + "/$expand"), "cannot be expanded", named);
		unheld(fhir().get("/ValueSet/$expand?url=" + url + "&filter=blood&count=5"), "cannot be expanded", named);
		unheld(fhir().body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"url\",\"valueUri\":\"" + url + "\"}]}")
			.post("/ValueSet/$expand"), "cannot be expanded", named);
	}

	@Test
	void expandingAValueSetThatFiltersACodeSystemTheServerDoesNotHoldIsA422NamingTheCodeSystem() {
		String named = "filters the codes of code system " + SNOMED + ", which this server does not hold";
		unheld(fhir().get("/ValueSet/$expand?url=" + US_CORE + "us-core-condition-code"), "cannot be expanded", named);

		String id = valueSet("http://example.org/fhir/ValueSet/" + unique("clinical-findings"),
				"{\"system\":\"" + SNOMED + "\",\"filter\":[{\"property\":\"concept\",\"op\":\"is-a\",\"value\":\"404684003\"}]}");
		unheld(fhir().get("/ValueSet/" + id + "/$expand"), "cannot be expanded", named);
	}

	@Test
	void expandingAValueSetThatIncludesAValueSetTheServerDoesNotHoldIsA422NamingItUnescaped() {
		unheld(fhir().get("/ValueSet/$expand?url=" + US_CORE + "detailed-race"), "cannot be expanded",
				"includes value set http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.1.11.14914, which this server does not hold");

		String vsac = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1021.103";
		String id = valueSet("http://example.org/fhir/ValueSet/" + unique("nested"), "{\"valueSet\":[\"" + vsac + "\"]}");
		unheld(fhir().get("/ValueSet/" + id + "/$expand"), "cannot be expanded",
				"includes value set " + vsac + ", which this server does not hold");
	}

	@Test
	void checkingACodeAgainstAValueSetThatFiltersACodeSystemTheServerDoesNotHoldIsA422() {
		unheld(fhir().get("/ValueSet/$validate-code?url=" + US_CORE + "simple-language&system=urn:ietf:bcp:47&code=en"),
				"The code cannot be checked against this value set",
				"filters the codes of a code system this server does not hold");
	}

	@Test
	void aSearchByMembershipOfAValueSetTheServerCannotExpandIsA422NamingWhatIsMissing() {
		unheld(fhir().get("/Condition?code:in=" + US_CORE + "us-core-condition-code"), "cannot be expanded",
				"filters the codes of code system " + SNOMED + ", which this server does not hold");
		unheld(fhir().get("/Observation?code:not-in=" + US_CORE + "simple-language"), "cannot be expanded",
				"draws on code system urn:ietf:bcp:47, which this server does not hold");
	}

	@Test
	void answersThatWereRightStayAsTheyWere() {
		String unknown = "http://example.org/fhir/ValueSet/" + unique("no-such-value-set");
		fhir().get("/ValueSet/$expand?url=" + unknown)
			.then()
			.statusCode(404)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].code", equalTo("not-found"))
			.body("issue[0].diagnostics", equalTo("This server holds no ValueSet with url " + unknown));
		fhir().get("/ValueSet/$expand?url=" + US_CORE + "us-core-sexual-orientation")
			.then()
			.statusCode(200)
			.body("expansion.contains.code", org.hamcrest.Matchers.hasItem("38628009"));
		String id = valueSet("http://example.org/fhir/ValueSet/" + unique("loinc-again"), "{\"system\":\"" + LOINC + "\"}");
		fhir().get("/ValueSet/" + id + "/$validate-code?system=" + LOINC + "&code=1234-5")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(false))
			.body("parameter.find { it.name == 'message' }.valueString", containsString(LOINC));
	}

	private static String valueSet(String url, String include) {
		return create("ValueSet", """
				{"resourceType":"ValueSet","url":"%s","status":"active","compose":{"include":[%s]}}""".formatted(url, include));
	}

	private static ValidatableResponse unheld(io.restassured.response.Response response, String step, String what) {
		return response.then()
			.statusCode(422)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].severity", equalTo("error"))
			.body("issue[0].code", equalTo("not-found"))
			.body("issue[0].diagnostics", allOf(containsString(step), containsString(what),
					containsString(" Load it ")))
			.body("issue[0].diagnostics", allOf(not(containsString("HAPI-")), not(containsString("Exception")),
					not(containsString("error id")), not(containsString("%3A"))));
	}

}
