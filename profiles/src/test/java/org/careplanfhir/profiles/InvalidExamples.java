package org.careplanfhir.profiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Resource;

/** The invalid twins: built by SUSHI beside the examples, but kept out of the package (in target/). */
final class InvalidExamples {

	private static final Path FOLDER = Path.of("target", "invalid-examples");

	private InvalidExamples() {
	}

	static List<Resource> all() {
		try (Stream<Path> files = Files.list(FOLDER)) {
			return files.sorted().map(InvalidExamples::parse).toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Resource parse(Path file) {
		try {
			return (Resource) FhirContext.forR4Cached().newJsonParser().parseResource(Files.readString(file));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
