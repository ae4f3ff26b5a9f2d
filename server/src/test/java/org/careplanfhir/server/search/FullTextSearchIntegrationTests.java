package org.careplanfhir.server.search;

import jakarta.persistence.EntityManagerFactory;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code _content} matches words anywhere in a resource and {@code _text} words of its narrative,
 * on the Lucene index that is on by default.
 */
class FullTextSearchIntegrationTests extends FhirServerTest {

	/** Elements of each type; %1$s is the searchable word, %2$s the subject's id. */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', value = {
			"Patient;          \"name\":[{\"family\":\"%1$s\"}]",
			"CarePlan;         \"status\":\"active\",\"intent\":\"plan\",\"title\":\"%1$s\",\"subject\":{\"reference\":\"Patient/%2$s\"}",
			"Goal;             \"lifecycleStatus\":\"active\",\"description\":{\"text\":\"%1$s\"},\"subject\":{\"reference\":\"Patient/%2$s\"}",
			"ServiceRequest;   \"status\":\"active\",\"intent\":\"order\",\"code\":{\"text\":\"%1$s\"},\"subject\":{\"reference\":\"Patient/%2$s\"}",
			"CareTeam;         \"status\":\"active\",\"name\":\"%1$s\",\"subject\":{\"reference\":\"Patient/%2$s\"}",
			"Condition;        \"code\":{\"text\":\"%1$s\"},\"subject\":{\"reference\":\"Patient/%2$s\"}" })
	void contentAndTextFindTheResourceByItsWords(String type, String elements) {
		String word = unique("content").replace("-", "");
		String narrativeWord = unique("narrative").replace("-", "");
		String subject = create("Patient", "{\"resourceType\":\"Patient\"}");
		String body = """
				{"resourceType":"%s","text":{"status":"generated",
				 "div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Case notes: %s</div>"},%s}"""
			.formatted(type, narrativeWord, elements.strip().formatted(word, subject));
		String id = create(type, body);

		fhir().get("/" + type + "?_content=" + word).then().statusCode(200).body("total", equalTo(1))
			.body("entry[0].resource.id", equalTo(id));
		fhir().get("/" + type + "?_text=" + narrativeWord).then().statusCode(200).body("total", equalTo(1))
			.body("entry[0].resource.id", equalTo(id));
		fhir().get("/" + type + "?_content=" + word + "x").then().statusCode(200).body("total", equalTo(0));
	}

	@Autowired
	private EntityManagerFactory entityManagers;

	@Test
	void aWriteIsSearchableWhenItReturnsWithoutWaitingForTheIndexFlush() {
		assertThat(entityManagers.getProperties())
			.containsEntry("hibernate.search.indexing.plan.synchronization.strategy", "read-sync");
		String word = unique("flushless").replace("-", "");
		fhir().body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + word + "\"}]}")
			.post("/Patient")
			.then()
			.statusCode(201);
		fhir().get("/Patient?_content=" + word).then().statusCode(200).body("total", equalTo(1));
	}

	@Test
	void reindexRunsAsABackgroundJobToIndexExistingResources() {
		fhir().header("Prefer", "respond-async").body("{\"resourceType\":\"Parameters\"}").post("/$reindex").then()
			.statusCode(202)
			.header("Content-Location", containsString("$hapi.fhir.reindex-status?_jobId="))
			.body("issue[0].diagnostics", containsString("$reindex job has been accepted"));
	}

}
