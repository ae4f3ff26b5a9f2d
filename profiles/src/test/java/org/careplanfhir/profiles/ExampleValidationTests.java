package org.careplanfhir.profiles;

import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleValidationTests {

	static Stream<Named<Resource>> examples() {
		return CaseManagementPackage.get()
			.examples()
			.stream()
			.map(r -> Named.of(r.fhirType() + "/" + r.getIdElement().getIdPart(), r));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyPackagedExampleValidatesWithoutErrorsAgainstItsProfiles(Resource example) {
		assertThat(PackageValidator.errors(example)).extracting(m -> m.getLocation() + ": " + m.getMessage())
			.isEmpty();
	}
}
