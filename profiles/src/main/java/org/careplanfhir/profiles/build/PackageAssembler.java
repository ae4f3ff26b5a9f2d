package org.careplanfhir.profiles.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Turns SUSHI's output into a FHIR NPM package: conformance resources (StructureDefinitions with
 * generated snapshots) under {@code package/}, valid examples under {@code package/example/}. Instances
 * whose id starts with {@code invalid-} are test fixtures and go to a separate folder, never into the
 * package.
 *
 * <p>Arguments ({@code key=value}): {@code resources}, {@code invalid-examples}, {@code name},
 * {@code version}, {@code canonical}, {@code title}, {@code description}, {@code dependencies}
 * (comma-separated {@code name#version}, R4 core first), {@code output} (one or more comma-separated
 * paths for the {@code .tgz}).
 */
public final class PackageAssembler {

	private static final String INVALID_PREFIX = "invalid-";

	/** Fixed entry time, so the same sources always give the same archive. */
	private static final Date ENTRY_TIME = new Date(0);

	private final FhirContext fhir = FhirContext.forR4Cached();

	private final IParser json = fhir.newJsonParser().setPrettyPrint(true);

	private PackageAssembler() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new TreeMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair.length > 1 ? pair[1] : "");
		}
		new PackageAssembler().assemble(options);
	}

	private void assemble(Map<String, String> options) throws IOException {
		List<MetadataResource> conformance = new ArrayList<>();
		List<Resource> examples = new ArrayList<>();
		Path invalidDir = Path.of(required(options, "invalid-examples"));
		recreate(invalidDir);
		for (Path file : jsonFiles(Path.of(required(options, "resources")))) {
			Resource resource = (Resource) json.parseResource(Files.readString(file));
			if (resource.getIdElement().getIdPart().startsWith(INVALID_PREFIX)) {
				Files.writeString(invalidDir.resolve(file.getFileName()), json.encodeResourceToString(resource));
			}
			else if (resource instanceof MetadataResource metadata && isDefinition(metadata)) {
				conformance.add(metadata);
			}
			else {
				examples.add(resource);
			}
		}

		List<StructureDefinition> structures = conformance.stream()
			.filter(StructureDefinition.class::isInstance)
			.map(StructureDefinition.class::cast)
			.toList();
		List<StructureDefinition> withSnapshots = new SnapshotGenerator(fhir, conformance).generate(structures);
		conformance.removeAll(structures);
		conformance.addAll(withSnapshots);

		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("package/package.json", packageJson(options));
		PackageIndex index = new PackageIndex();
		for (MetadataResource resource : conformance) {
			String fileName = fileName(resource);
			index.add(fileName, resource, resource);
			entries.put("package/" + fileName, encode(resource));
		}
		entries.put("package/.index.json", index.toJson().getBytes(StandardCharsets.UTF_8));
		PackageIndex exampleIndex = new PackageIndex();
		for (Resource example : examples) {
			String fileName = fileName(example);
			exampleIndex.add(fileName, example, null);
			entries.put("package/example/" + fileName, encode(example));
		}
		entries.put("package/example/.index.json", exampleIndex.toJson().getBytes(StandardCharsets.UTF_8));

		for (String output : required(options, "output").split(",")) {
			writeTgz(Path.of(output.trim()), entries);
		}
		System.out.printf("Packaged %s#%s: %d conformance resources (%d with snapshots), %d examples%n",
				options.get("name"), options.get("version"), conformance.size(), withSnapshots.size(), examples.size());
	}

	/**
	 * Conformance resources a validator loads, and the Measures the server evaluates (a validator
	 * checks a MeasureReport against its Measure); everything else SUSHI emits is an example instance.
	 */
	private static boolean isDefinition(MetadataResource resource) {
		return switch (resource.fhirType()) {
			case "StructureDefinition", "ValueSet", "CodeSystem", "ConceptMap", "SearchParameter", "NamingSystem",
					"OperationDefinition", "CapabilityStatement", "Measure" -> true;
			default -> false;
		};
	}

	private byte[] packageJson(Map<String, String> options) throws IOException {
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("name", required(options, "name"));
		manifest.put("version", required(options, "version"));
		manifest.put("type", "fhir.ig");
		manifest.put("title", options.getOrDefault("title", ""));
		manifest.put("description", options.getOrDefault("description", ""));
		manifest.put("canonical", required(options, "canonical"));
		manifest.put("url", required(options, "canonical"));
		manifest.put("fhirVersions", List.of("4.0.1"));
		Map<String, String> dependencies = new LinkedHashMap<>();
		for (String dependency : required(options, "dependencies").split(",")) {
			String[] nameAndVersion = dependency.trim().split("#", 2);
			if (nameAndVersion.length != 2 || nameAndVersion[1].isBlank()) {
				throw new IllegalArgumentException("A dependency is name#version, not " + dependency);
			}
			dependencies.put(nameAndVersion[0], nameAndVersion[1]);
		}
		manifest.put("dependencies", dependencies);
		manifest.put("license", "Apache-2.0");
		return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
	}

	private byte[] encode(Resource resource) {
		return json.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
	}

	private static String fileName(Resource resource) {
		return resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json";
	}

	private static List<Path> jsonFiles(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
	}

	/** Empties the folder, so a twin deleted from the sources does not linger from an earlier build. */
	private static void recreate(Path directory) throws IOException {
		Files.createDirectories(directory);
		for (Path stale : jsonFiles(directory)) {
			Files.delete(stale);
		}
	}

	private static void writeTgz(Path target, Map<String, byte[]> entries) throws IOException {
		Files.createDirectories(target.toAbsolutePath().getParent());
		try (OutputStream file = Files.newOutputStream(target);
				TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
				tarEntry.setSize(entry.getValue().length);
				tarEntry.setModTime(ENTRY_TIME);
				tar.putArchiveEntry(tarEntry);
				tar.write(entry.getValue());
				tar.closeArchiveEntry();
			}
		}
	}

	private static String required(Map<String, String> options, String key) {
		String value = options.get(key);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Missing argument " + key + "=…");
		}
		return value;
	}
}
