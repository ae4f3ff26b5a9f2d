package org.careplanfhir.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidationEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package validates clean in the HL7 validator: every conformance resource and every example, as
 * it is in the package, checked by the HL7 validator's own engine ({@link Hl7ValidationEngine}: R4
 * core, this package and the packages it declares, no terminology server), with no error or fatal
 * message. The other profile tests judge instances as the server does, through HAPI's support chain;
 * this one judges the package as anyone who runs the HL7 validator on it would.
 */
class HL7ValidatorTests {

	private static final NpmPackage PACKAGE = CaseManagementPackage.get().npm();

	private static ValidationEngine engine;

	@BeforeAll
	static void startEngine() throws IOException {
		engine = Hl7ValidationEngine.forPackage(PACKAGE);
	}

	@AfterAll
	static void dropEngine() {
		engine = null;
	}

	static Stream<Named<String>> conformanceResources() throws IOException {
		return files("package");
	}

	static Stream<Named<String>> examples() throws IOException {
		return files("example");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("conformanceResources")
	void everyConformanceResourcePassesTheHl7Validator(String file) throws Exception {
		assertThat(errors("package", file)).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyExamplePassesTheHl7Validator(String file) throws Exception {
		assertThat(errors("example", file)).isEmpty();
	}

	/** ERROR and FATAL messages, as {@code location: message [id]}. */
	private static List<String> errors(String folder, String file) throws Exception {
		byte[] json;
		try (InputStream in = PACKAGE.load(folder, file)) {
			json = in.readAllBytes();
		}
		List<ValidationMessage> messages = new ArrayList<>();
		engine.validate(json, FhirFormat.JSON, List.of(), messages);
		return messages.stream()
			.filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
					|| m.getLevel() == ValidationMessage.IssueSeverity.FATAL)
			.map(m -> m.getLocation() + ": " + m.getMessage() + " [" + m.getMessageId() + "]")
			.toList();
	}

	private static Stream<Named<String>> files(String folder) throws IOException {
		return PACKAGE.list(folder)
			.stream()
			.filter(name -> name.endsWith(".json") && !name.startsWith("."))
			.sorted()
			.map(name -> Named.of(name, name));
	}
}
