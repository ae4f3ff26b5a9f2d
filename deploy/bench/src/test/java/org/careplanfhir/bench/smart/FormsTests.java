package org.careplanfhir.bench.smart;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormsTests {

	@Test
	void encodesFieldsInOrderAndReadsThemBack() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("scope", "launch/patient patient/*.rs");
		fields.put("aud", "http://localhost:8080/fhir");
		String url = "http://localhost/callback?" + Forms.encode(fields);

		assertThat(url).isEqualTo(
				"http://localhost/callback?scope=launch%2Fpatient+patient%2F*.rs&aud=http%3A%2F%2Flocalhost%3A8080%2Ffhir");
		assertThat(Forms.parameter(url, "scope")).isEqualTo("launch/patient patient/*.rs");
		assertThat(Forms.parameter(url, "aud")).isEqualTo("http://localhost:8080/fhir");
	}

	@Test
	void aMissingParameterIsNullAndTheFragmentIsNotPartOfTheLast() {
		assertThat(Forms.parameter("http://localhost/callback", "code")).isNull();
		assertThat(Forms.parameter("http://localhost/callback?error=access_denied", "code")).isNull();
		assertThat(Forms.parameter("http://localhost/callback?code=abc#top", "code")).isEqualTo("abc");
	}

}
