package org.careplanfhir.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The case-management FHIR package this jar carries under {@code careplan/packages/}, read back the
 * way a validator reads it. The build writes the package's name, version and file name beside it
 * from the POM, so no reader (the bench, the tests, the server's test fixtures) names a version that
 * would go stale with the next release.
 */
public final class CaseManagementPackage {

	private static final String FOLDER = "/careplan/packages/";

	private static final String COORDINATES = FOLDER + "case-management-package.properties";

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static CaseManagementPackage loaded;

	private final String fileName;

	private final NpmPackage npm;

	private CaseManagementPackage(String fileName, NpmPackage npm) {
		this.fileName = fileName;
		this.npm = npm;
	}

	/** The package, read from the classpath once (it does not change while the JVM runs). */
	public static synchronized CaseManagementPackage get() {
		if (loaded == null) {
			loaded = read();
		}
		return loaded;
	}

	/** The file name the build gave the package, {@code <name>-<version>.tgz}. */
	public String fileName() {
		return fileName;
	}

	public NpmPackage npm() {
		return npm;
	}

	/** Profiles, extensions, value sets, code systems, search parameters, measures: the {@code package} folder. */
	public List<Resource> conformanceResources() {
		return parseFolder("package");
	}

	/** The worked examples: the {@code example} folder. Each call parses fresh copies a caller may change. */
	public List<Resource> examples() {
		return parseFolder("example");
	}

	private List<Resource> parseFolder(String folder) {
		try {
			List<Resource> resources = new ArrayList<>();
			for (String name : npm.list(folder)) {
				// Dot files are the package's own indexes (.index.json), not resources.
				if (name.endsWith(".json") && !name.startsWith(".")) {
					try (InputStream in = npm.load(folder, name)) {
						resources.add((Resource) FHIR.newJsonParser().parseResource(in));
					}
				}
			}
			return resources;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not read " + folder + " of " + fileName, e);
		}
	}

	private static CaseManagementPackage read() {
		Properties coordinates = new Properties();
		try (InputStream in = resource(COORDINATES)) {
			coordinates.load(in);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not read " + COORDINATES, e);
		}
		String fileName = coordinates.getProperty("file");
		NpmPackage npm;
		try (InputStream in = resource(FOLDER + fileName)) {
			npm = NpmPackage.fromPackage(in);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not read the FHIR package " + fileName, e);
		}
		// A stale file left beside a newer build would otherwise be read without a word.
		if (!npm.name().equals(coordinates.getProperty("name"))
				|| !npm.version().equals(coordinates.getProperty("version"))) {
			throw new IllegalStateException(fileName + " holds " + npm.name() + "#" + npm.version() + ", not "
					+ coordinates.getProperty("name") + "#" + coordinates.getProperty("version"));
		}
		return new CaseManagementPackage(fileName, npm);
	}

	private static InputStream resource(String path) throws IOException {
		InputStream in = CaseManagementPackage.class.getResourceAsStream(path);
		if (in == null) {
			throw new IOException("No " + path + " on the classpath: build the careplan-profiles module");
		}
		return in;
	}

}
