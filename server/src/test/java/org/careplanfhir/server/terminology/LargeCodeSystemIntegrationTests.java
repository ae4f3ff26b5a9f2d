package org.careplanfhir.server.terminology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.hasItem;

/**
 * A code system of the size operators load (here 50,000 generated concepts) goes in through
 * {@code $upload-external-code-system}, is stored in the background, and is searched by
 * {@code $expand} with {@code filter} through the Lucene index.
 */
class LargeCodeSystemIntegrationTests extends FhirServerTest {

	private static final String SYSTEM = "http://example.org/fhir/CodeSystem/synthetic-findings";

	private static final int CONCEPTS = 50_000;

	/** Every RARE_EVERY-th concept also says "xylophone": a filter that matches a few of 50,000. */
	private static final int RARE_EVERY = 5_000;

	private static final int RARE_CONCEPTS = CONCEPTS / RARE_EVERY;

	private static final String[] RARE_CODES = java.util.stream.IntStream.rangeClosed(1, RARE_CONCEPTS)
		.mapToObj(n -> "F" + n * RARE_EVERY)
		.toArray(String[]::new);

	/** One word per concept, cycling: each word names exactly CONCEPTS / WORDS.length concepts. */
	private static final String[] WORDS = { "amber", "basalt", "cobalt", "quokka", "saffron", "tundra", "umber",
			"vellum" };

	private static boolean uploaded;

	@Test
	void uploadedCodeSystemOf50000ConceptsExpandsWithAFilter() {
		uploadOnce();

		fhir().body(expand("xylophone", 20))
			.post("/ValueSet/$expand")
			.then()
			.statusCode(200)
			.body("expansion.total", equalTo(RARE_CONCEPTS))
			.body("expansion.contains.code", containsInAnyOrder(RARE_CODES))
			.body("expansion.contains.display", everyItem(containsStringIgnoringCase("xylophone")));
		fhir().body(expand("xyloph", 20))
			.post("/ValueSet/$expand")
			.then()
			.statusCode(200)
			.body("expansion.total", equalTo(RARE_CONCEPTS));
		fhir().body(expand("finding 31415", 20))
			.post("/ValueSet/$expand")
			.then()
			.statusCode(200)
			.body("expansion.contains.code", hasItem("F31415"));
	}

	@Test
	void expansionLargerThanTheCountAskedForIsAClientErrorNamingTheLimit() {
		uploadOnce();

		fhir().body(expand("quokka", 10))
			.post("/ValueSet/$expand")
			.then()
			.statusCode(422)
			.body("issue[0].code", equalTo("too-costly"))
			.body("issue[0].diagnostics", containsString("10"));
	}

	/** Uploads the code system and waits until its last concept is stored (the rest goes in the background). */
	private synchronized void uploadOnce() {
		if (uploaded) {
			return;
		}
		fhir().body(uploadParameters())
			.post("/CodeSystem/$upload-external-code-system")
			.then()
			.statusCode(200)
			.body("parameter.find { it.name == 'success' }.valueBoolean", equalTo(true))
			.body("parameter.find { it.name == 'conceptCount' }.valueInteger", equalTo(CONCEPTS));
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> fhir()
			.get("/CodeSystem/$lookup?system=" + SYSTEM + "&code=F" + CONCEPTS)
			.then()
			.statusCode(200));
		uploaded = true;
	}

	/** $expand of "every code of the system", given inline, so no stored value set is pre-expanded. */
	private static String expand(String filter, int count) {
		return """
				{"resourceType": "Parameters", "parameter": [
				  {"name": "valueSet", "resource": {"resourceType": "ValueSet", "status": "active",
				    "compose": {"include": [{"system": "%s"}]}}},
				  {"name": "filter", "valueString": "%s"},
				  {"name": "count", "valueInteger": %d}]}""".formatted(SYSTEM, filter, count);
	}

	private static String uploadParameters() {
		StringBuilder csv = new StringBuilder("CODE,DISPLAY\n");
		for (int i = 1; i <= CONCEPTS; i++) {
			csv.append('F').append(i).append(",Synthetic finding ").append(i).append(' ').append(WORDS[(i - 1) % WORDS.length]);
			if (i % RARE_EVERY == 0) {
				csv.append(" xylophone");
			}
			csv.append('\n');
		}
		String data = Base64.getEncoder().encodeToString(csv.toString().getBytes(StandardCharsets.UTF_8));
		return """
				{"resourceType": "Parameters", "parameter": [
				  {"name": "system", "valueUri": "%s"},
				  {"name": "file", "valueAttachment": {"contentType": "text/csv", "url": "concepts.csv", "data": "%s"}}]}"""
			.formatted(SYSTEM, data);
	}

}
