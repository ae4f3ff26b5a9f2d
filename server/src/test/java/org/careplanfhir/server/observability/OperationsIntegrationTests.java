package org.careplanfhir.server.observability;

import java.time.Duration;
import java.util.Optional;

import io.restassured.RestAssured;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@ExtendWith(OutputCaptureExtension.class)
class OperationsIntegrationTests extends FhirServerTest {

	@Test
	void livenessAndReadinessAreUpAndReadinessChecksTheDatabase() {
		given().basePath("").get("/actuator/health/liveness").then().statusCode(200).body("status", equalTo("UP"));
		given().basePath("").get("/actuator/health/readiness").then().statusCode(200).body("status", equalTo("UP"))
			.body("components.db.status", equalTo("UP"));
	}

	@Test
	void prometheusExposesRequestPoolAndJvmMetrics() {
		fhir().get("/metadata").then().statusCode(200);

		given().basePath("").get("/actuator/prometheus").then().statusCode(200)
			.body(containsString("http_server_requests_seconds_count"))
			.body(containsString("hikaricp_connections_active"))
			.body(containsString("jvm_memory_used_bytes"));
	}

	@Test
	void everyRequestIsLoggedOnceWithoutItsQuery(CapturedOutput output) {
		String marker = unique("logged");
		int before = output.getOut().length();
		fhir().get("/Patient?family=" + marker).then().statusCode(200);

		// The line is written once the response has gone out, so it may trail the response.
		String line = await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut()
				.substring(before)
				.lines()
				.filter(l -> l.contains("method=GET path=/fhir/Patient status=200"))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(line).containsPattern("durationMs=\\d+").doesNotContain(marker);
	}

	@Test
	void unknownPathOutsideFhirIsNotAServerError() {
		RestAssured.given().basePath("").get("/no-such-page").then().statusCode(404);
	}

}
