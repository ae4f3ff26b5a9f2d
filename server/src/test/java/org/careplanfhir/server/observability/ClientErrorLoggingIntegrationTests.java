package org.careplanfhir.server.observability;

import java.time.Duration;

import org.careplanfhir.server.FhirServerTest;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class ClientErrorLoggingIntegrationTests extends FhirServerTest {

	@Test
	void writeRejectedByValidationLeavesOneRequestLineAndNoStackTrace(CapturedOutput output) {
		int before = output.getOut().length();

		// Our patient profile needs an identifier, a name and a gender.
		fhir().body("{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\"http://careplan-fhir.org/fhir/StructureDefinition/cm-patient\"]}}")
			.post("/Patient")
			.then()
			.statusCode(422);

		// The request line is written once the response has gone out, so it may trail the response.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut().substring(before))
				.contains("method=POST path=/fhir/Patient status=422"));
		assertThat(output.getOut().substring(before)).doesNotContain("Exception thrown by interceptor")
			.doesNotContain("UnprocessableEntityException");
	}

	@Test
	void noTurboFilterSitsInFrontOfEveryDisabledLogCheck() {
		// HAPI asks whether trace is on for each element it encodes; a turbo filter would run on each ask.
		LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();

		assertThat(logback.getTurboFilterList()).isEmpty();
	}

	@Test
	void malformedSearchValueIsAOneLineWarningNotAStackTrace(CapturedOutput output) {
		int before = output.getOut().length();

		fhir().get("/Goal?start-date=yesterday").then().statusCode(400);

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut().substring(before))
				.contains("method=GET path=/fhir/Goal status=400"));
		assertThat(output.getOut().substring(before)).contains("WARN")
			.contains("yesterday")
			.doesNotContain("ERROR")
			.doesNotContain("\tat ca.uhn");
	}

}
