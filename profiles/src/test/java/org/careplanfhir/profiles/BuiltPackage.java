package org.careplanfhir.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/** The FHIR package this module's build wrote, read back the way a validator would read it. */
final class BuiltPackage {

	static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final Path TARGET = Path.of("target");

	private static BuiltPackage instance;

	final Path file;

	final NpmPackage npm;

	private BuiltPackage(Path file) throws IOException {
		this.file = file;
		try (InputStream in = Files.newInputStream(file)) {
			this.npm = NpmPackage.fromPackage(in);
		}
	}

	static synchronized BuiltPackage get() {
		if (instance == null) {
			try (Stream<Path> files = Files.list(TARGET)) {
				Path tgz = files.filter(f -> f.getFileName().toString().matches("careplan\\.fhir\\.cm-.*\\.tgz"))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("No careplan.fhir.cm-*.tgz in target/: run mvn package"));
				instance = new BuiltPackage(tgz);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return instance;
	}

	List<Resource> conformanceResources() {
		return folder("package");
	}

	List<Resource> examples() {
		return folder("example");
	}

	/** The invalid twins: built by SUSHI beside the examples, but kept out of the package. */
	static List<Resource> invalidExamples() {
		try (Stream<Path> files = Files.list(TARGET.resolve("invalid-examples"))) {
			return files.sorted().map(BuiltPackage::parse).toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private List<Resource> folder(String folder) {
		try {
			List<Resource> resources = new ArrayList<>();
			for (String name : npm.list(folder)) {
				if (name.endsWith(".json") && !name.startsWith(".")) {
					try (InputStream in = npm.load(folder, name)) {
						resources.add((Resource) FHIR.newJsonParser().parseResource(in));
					}
				}
			}
			return resources;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Resource parse(Path file) {
		try {
			return (Resource) FHIR.newJsonParser().parseResource(Files.readString(file));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
