package org.careplanfhir.server.fhir;

import java.util.Map;

import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Behind a reverse proxy the operator trusts ({@code careplan.fhir.forwarded-links=true}), links
 * and {@code Location} name the address the client used, as the proxy's {@code Forwarded} or
 * {@code X-Forwarded-*} headers tell it; tokens keep the configured public address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyLinksIntegrationTests {

	private StandaloneServer server;

	@BeforeAll
	void startBehindAProxy() {
		server = StandaloneServer.start(StandaloneServer.newDataDirectory(), Map.of("careplan.fhir.forwarded-links", "true"));
		server.fhir().body("{\"resourceType\":\"Patient\"}").post("/Patient").then().statusCode(201);
		server.fhir().body("{\"resourceType\":\"Patient\"}").post("/Patient").then().statusCode(201);
	}

	@AfterAll
	void stop() {
		server.close();
	}

	@Test
	void xForwardedHeadersGiveTheBaseOfEveryLink() {
		String base = "https://care.example.org/api/fhir";
		server.fhir().header("X-Forwarded-Host", "care.example.org").header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Prefix", "/api").get("/Patient?_count=1").then().statusCode(200)
			.body("link.url", everyItem(startsWith(base))).body("entry.fullUrl", everyItem(startsWith(base)));
		server.fhir().header("X-Forwarded-Host", "care.example.org").header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Port", "8443").body("{\"resourceType\":\"Patient\"}").post("/Patient").then().statusCode(201)
			.header("Location", startsWith("https://care.example.org:8443/fhir/Patient/"));
	}

	@Test
	void theStandardForwardedHeaderGivesTheBaseOfEveryLink() {
		server.fhir().header("Forwarded", "for=192.0.2.60;proto=https;host=fhir.example.com, for=10.0.0.1")
			.get("/Patient?_count=1").then().statusCode(200)
			.body("link.url", everyItem(startsWith("https://fhir.example.com/fhir")));
	}

	@Test
	void theReadCacheKeepsAnAnswerPerForwardedAddress() {
		for (String host : new String[] { "one.example.org", "two.example.org", "one.example.org" }) {
			server.fhir().header("X-Forwarded-Host", host).header("X-Forwarded-Proto", "https").get("/Patient?_count=2")
				.then().statusCode(200).body("link.url", everyItem(startsWith("https://" + host + "/fhir")));
		}
	}

	@Test
	void aRequestWithoutForwardedHeadersGetsTheConfiguredAddress() {
		server.fhir().get("/Patient?_count=1").then().statusCode(200)
			.body("link.find { it.relation == 'self' }.url", equalTo("http://localhost:" + server.port() + "/fhir/Patient?_count=1"));
	}

}
