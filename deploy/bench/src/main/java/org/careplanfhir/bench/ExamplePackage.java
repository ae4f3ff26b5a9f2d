package org.careplanfhir.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/** The case-management package from the careplan-profiles jar: its definitions and examples. */
final class ExamplePackage {

	static final FhirContext FHIR = FhirContext.forR4Cached();

	private final NpmPackage npm;

	private ExamplePackage(NpmPackage npm) {
		this.npm = npm;
	}

	static ExamplePackage load() throws IOException {
		String location = "/careplan/packages/careplan.fhir.cm-0.1.0.tgz";
		try (InputStream in = ExamplePackage.class.getResourceAsStream(location)) {
			if (in == null) {
				throw new IOException("No " + location + " on the classpath");
			}
			return new ExamplePackage(NpmPackage.fromPackage(in));
		}
	}

	List<Resource> definitions() throws IOException {
		return folder("package");
	}

	List<Resource> examples() throws IOException {
		return folder("example");
	}

	private List<Resource> folder(String folder) throws IOException {
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

}
