package org.careplanfhir.server.fhir;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

class ValidateOperationIntegrationTests extends FhirServerTest {

	@Test
	void validResourceHasNoErrors() {
		fhir().body("{\"resourceType\":\"Patient\",\"gender\":\"female\"}").post("/Patient/$validate").then()
			.statusCode(200).body("resourceType", equalTo("OperationOutcome"))
			.body("issue.severity", not(hasItem("error")));
	}

	@Test
	void missingRequiredElementIsReportedWithItsPath() {
		long before = storedCount("Goal");
		fhir().body("{\"resourceType\":\"Goal\",\"description\":{\"text\":\"Walk\"},\"subject\":{\"reference\":\"Patient/1\"}}")
			.post("/Goal/$validate")
			.then()
			.statusCode(200)
			.body("issue.find { it.severity == 'error' }.diagnostics", containsString("Goal.lifecycleStatus"));
		org.assertj.core.api.Assertions.assertThat(storedCount("Goal")).isEqualTo(before);
	}

}
