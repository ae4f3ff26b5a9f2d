package org.careplanfhir.server.readcache;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The read cache answers repeated reads from memory, yet every answer is what the server would
 * compute at that moment: a write is seen by the very next request, and a cached answer is never
 * given to a caller with another grant, a revoked token or another address.
 */
class ReadCacheIntegrationTests extends FhirServerTest {

	private static final Pattern HITS = Pattern.compile("careplan_read_cache_total\\{outcome=\"hit\"[^}]*} ([0-9.E]+)");

	@Test
	void aRepeatedSearchIsAnsweredFromMemoryWithTheSameBody() {
		String family = unique("Cached");
		create("Patient", patient(family));
		String first = fhir().get("/Patient?family=" + family).then().statusCode(200).extract().asString();
		double hitsBefore = hits();
		Response second = fhir().header("X-Request-ID", "client-chosen-17").get("/Patient?family=" + family);
		second.then().statusCode(200).header("X-Request-ID", equalTo("client-chosen-17"));
		assertThat(second.asString()).isEqualTo(first);
		assertThat(hits()).isEqualTo(hitsBefore + 1);
	}

	@Test
	void everyWriteIsSeenByTheVeryNextSearch() {
		String family = unique("Fresh");
		String search = "/Patient?family=" + family;
		fhir().get(search).then().statusCode(200).body("total", equalTo(0));
		fhir().get(search).then().statusCode(200).body("total", equalTo(0));

		String id = create("Patient", patient(family));
		fhir().get(search).then().statusCode(200).body("total", equalTo(1));
		fhir().get("/Patient/" + id).then().statusCode(200).body("meta.versionId", equalTo("1"));

		fhir().body(patient(family).replace("{\"resourceType\":\"Patient\",", "{\"resourceType\":\"Patient\",\"id\":\""
				+ id + "\",\"gender\":\"female\","))
			.put("/Patient/" + id)
			.then()
			.statusCode(200);
		fhir().get("/Patient/" + id).then().statusCode(200).body("meta.versionId", equalTo("2")).body("gender",
				equalTo("female"));

		String transaction = """
				{"resourceType":"Bundle","type":"transaction","entry":[{"resource":%s,
				 "request":{"method":"POST","url":"Patient"}}]}""".formatted(patient(family));
		fhir().body(transaction).post("/").then().statusCode(200);
		fhir().get(search).then().statusCode(200).body("total", equalTo(2));

		fhir().delete("/Patient/" + id).then().statusCode(200);
		fhir().get(search).then().statusCode(200).body("total", equalTo(1));
		fhir().get("/Patient/" + id).then().statusCode(410);
	}

	@Test
	void anAnswerIsNeverGivenToACallerWithANarrowerGrant() {
		String search = "/CarePlan?_count=1";
		fhir().get(search).then().statusCode(200);
		fhir().get(search).then().statusCode(200);
		String patientsOnly = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET,
				"system/Patient.rs").value();
		given().auth().oauth2(patientsOnly).accept(FHIR_JSON).get(search).then().statusCode(403);
	}

	@Test
	void aRevokedTokenIsRefusedEvenWhenItsAnswerIsCached() {
		String token = TestTokens.clientCredentials(port, TestTokens.BACKEND, TestTokens.BACKEND_SECRET,
				"system/*.rs").value();
		String read = "/Patient/" + create("Patient", patient(unique("Revoked")));
		given().auth().oauth2(token).accept(FHIR_JSON).get(read).then().statusCode(200);
		given().auth().oauth2(token).accept(FHIR_JSON).get(read).then().statusCode(200);
		given().basePath("")
			.auth()
			.preemptive()
			.basic(TestTokens.BACKEND, TestTokens.BACKEND_SECRET)
			.formParam("token", token)
			.post("/oauth2/revoke")
			.then()
			.statusCode(200);
		given().auth().oauth2(token).accept(FHIR_JSON).get(read).then().statusCode(401);
	}

	@Test
	void bundleLinksUseTheConfiguredBaseWhateverHostTheClientNames() {
		String family = unique("Proxied");
		create("Patient", patient(family));
		String search = "/Patient?family=" + family;
		String base = "http://localhost:" + port + "/fhir/Patient?";
		fhir().header("X-Forwarded-Host", "one.example.org").header("X-Forwarded-Proto", "https")
			.get(search)
			.then()
			.body("link[0].url", startsWith(base));
		fhir().header("Host", "evil.example")
			.get(search)
			.then()
			.body("link[0].url", startsWith(base));
	}

	@Test
	void aClientAskingForAFreshAnswerGetsOneComputed() {
		String search = "/Patient?family=" + unique("NoCache");
		fhir().get(search).then().statusCode(200);
		double hitsBefore = hits();
		fhir().header("Cache-Control", "no-cache").get(search).then().statusCode(200);
		assertThat(hits()).isEqualTo(hitsBefore);
	}

	private static String patient(String family) {
		return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
	}

	private static double hits() {
		String metrics = given().basePath("").get("/actuator/prometheus").then().statusCode(200).extract().asString();
		Matcher hits = HITS.matcher(metrics);
		assertThat(hits.find()).as("read cache hit counter in %s", "/actuator/prometheus").isTrue();
		return Double.parseDouble(hits.group(1));
	}

}
