package org.careplanfhir.profiles.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.FilesystemPackageCacheManager;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * Writes {@code hl7.fhir.r4.core#4.0.1} into a local FHIR package cache, built from the R4 definitions
 * HAPI ships in {@code hapi-fhir-validation-resources-r4}, and installs there the published packages the
 * case-management package depends on (kept as {@code .tgz} files in the project). SUSHI and the tests'
 * HL7 validator read that cache, and the package registry cannot be reached from our build machines.
 *
 * <p>Usage: {@code CoreDefinitionsCache <fhir-home> [<package.tgz>…]}; R4 core lands in
 * {@code <fhir-home>/.fhir/packages/hl7.fhir.r4.core#4.0.1/package}, each other package in
 * {@code <name>#<version>/package} beside it.
 */
public final class CoreDefinitionsCache {

	private static final List<String> DEFINITION_BUNDLES = List.of(
			"/org/hl7/fhir/r4/model/profile/profiles-resources.xml",
			"/org/hl7/fhir/r4/model/profile/profiles-types.xml",
			"/org/hl7/fhir/r4/model/profile/profiles-others.xml",
			"/org/hl7/fhir/r4/model/extension/extension-definitions.xml",
			"/org/hl7/fhir/r4/model/valueset/valuesets.xml",
			"/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml",
			"/org/hl7/fhir/r4/model/valueset/v2-tables.xml");

	private static final String PACKAGE_JSON = """
			{"name":"hl7.fhir.r4.core","type":"Core","version":"4.0.1","dependencies":{},\
			"fhirVersions":["4.0.1"],"canonical":"http://hl7.org/fhir"}""";

	private CoreDefinitionsCache() {
	}

	public static void main(String[] args) throws IOException {
		Path cacheDir = Path.of(args[0], ".fhir", "packages");
		writeR4Core(cacheDir.resolve("hl7.fhir.r4.core#4.0.1").resolve("package"));
		for (int i = 1; i < args.length; i++) {
			install(cacheDir, Path.of(args[i]));
		}
	}

	private static void writeR4Core(Path packageDir) throws IOException {
		Path manifest = packageDir.resolve("package.json");
		if (Files.exists(manifest)) {
			return; // written by an earlier build; the source definitions never change
		}
		Files.createDirectories(packageDir);
		FhirContext fhir = FhirContext.forR4Cached();
		IParser xml = fhir.newXmlParser();
		IParser json = fhir.newJsonParser();
		PackageIndex index = new PackageIndex();
		for (String bundlePath : DEFINITION_BUNDLES) {
			for (Bundle.BundleEntryComponent entry : readBundle(xml, bundlePath).getEntry()) {
				Resource resource = entry.getResource();
				String fileName = resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json";
				if (Files.exists(packageDir.resolve(fileName))) {
					continue; // a few definitions appear in two bundles; the first copy wins
				}
				Files.writeString(packageDir.resolve(fileName), json.encodeResourceToString(resource));
				index.add(fileName, resource, resource instanceof MetadataResource metadata ? metadata : null);
			}
		}
		Files.writeString(packageDir.resolve(".index.json"), index.toJson());
		// package.json last: its presence marks a complete cache entry
		Files.writeString(manifest, PACKAGE_JSON);
		System.out.printf("Wrote %d R4 core definitions to %s%n", index.size(), packageDir);
	}

	/** Installs a published package the way the HL7 tools fill their cache; once per name and version. */
	private static void install(Path cacheDir, Path tgz) throws IOException {
		NpmPackage npm;
		try (InputStream in = Files.newInputStream(tgz)) {
			npm = NpmPackage.fromPackage(in);
		}
		if (Files.exists(cacheDir.resolve(npm.name() + "#" + npm.version()).resolve("package").resolve("package.json"))) {
			return;
		}
		FilesystemPackageCacheManager cache = new FilesystemPackageCacheManager.Builder()
			.withCacheFolder(cacheDir.toString())
			.build();
		try (InputStream in = Files.newInputStream(tgz)) {
			cache.addPackageToCache(npm.name(), npm.version(), in, tgz.toString());
		}
		System.out.printf("Installed %s#%s from %s%n", npm.name(), npm.version(), tgz.getFileName());
	}

	private static Bundle readBundle(IParser xml, String classpathLocation) throws IOException {
		try (InputStream in = CoreDefinitionsCache.class.getResourceAsStream(classpathLocation)) {
			if (in == null) {
				throw new IOException("Missing " + classpathLocation + ": is hapi-fhir-validation-resources-r4 on the classpath?");
			}
			return xml.parseResource(Bundle.class, new InputStreamReader(in, StandardCharsets.UTF_8));
		}
	}
}
