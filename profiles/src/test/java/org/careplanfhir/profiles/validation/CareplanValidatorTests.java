package org.careplanfhir.profiles.validation;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CareplanValidatorTests {

	private static final byte[] PATIENT = ("{\"resourceType\":\"Patient\",\"gender\":\"female\",\"maritalStatus\":{\"coding\":[{"
			+ "\"system\":\"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus\",\"code\":\"M\"}]},"
			+ "\"communication\":[{\"language\":{\"coding\":[{\"system\":\"urn:ietf:bcp:47\",\"code\":\"en\"}]}}]}")
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void aReusedValidatorKeepsNothingOfTheResourcesItValidated() {
		OfflineValidator offline = new OfflineValidator();
		CareplanValidator validator = offline.careplanValidator();
		for (int i = 0; i < 20; i++) {
			assertThat(validator.validate(PATIENT, List.of()).stream().filter(CareplanValidator::isError)).isEmpty();
			assertThat(validator.codingsSeen()).as("codings held after validation %d", i + 1).isEmpty();
		}
	}

}
