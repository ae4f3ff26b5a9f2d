package org.careplanfhir.server.observability;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ClientErrorLoggingIntegrationTests extends FhirServerTest {

	@Test
	void writeRejectedByValidationLeavesOneRequestLineAndNoStackTrace(CapturedOutput output) {
		int before = output.getOut().length();

		fhir().body("{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\"http://example.org/unknown-profile\"]}}")
			.post("/Patient")
			.then()
			.statusCode(422);

		String logged = output.getOut().substring(before);
		assertThat(logged).contains("method=POST path=/fhir/Patient status=422")
			.doesNotContain("Exception thrown by interceptor")
			.doesNotContain("UnprocessableEntityException");
	}

}
