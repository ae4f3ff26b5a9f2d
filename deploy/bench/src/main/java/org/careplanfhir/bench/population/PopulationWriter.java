package org.careplanfhir.bench.population;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Writes a population to a folder: {@code bundles/shared.json} and one
 * {@code bundles/patient-NNNNNN.json} transaction per patient, and {@code ndjson/<Type>.ndjson}
 * with every resource once (the Bulk Data format).
 */
public final class PopulationWriter {

	private final IParser json = FhirContext.forR4Cached().newJsonParser();

	public Summary write(PopulationGenerator generator, int patients, Path folder) throws IOException {
		Path bundles = Files.createDirectories(folder.resolve("bundles"));
		Path ndjsonFolder = Files.createDirectories(folder.resolve("ndjson"));
		Map<String, Writer> ndjson = new TreeMap<>();
		int resources = 0;
		try {
			resources += write(generator.shared(), bundles.resolve("shared.json"), ndjson, ndjsonFolder);
			for (int index = 1; index <= patients; index++) {
				resources += write(generator.patient(index), bundles.resolve(String.format("patient-%06d.json", index)),
						ndjson, ndjsonFolder);
			}
		}
		finally {
			for (Writer writer : ndjson.values()) {
				writer.close();
			}
		}
		return new Summary(patients, resources, ndjson.keySet().size());
	}

	private int write(Bundle bundle, Path file, Map<String, Writer> ndjson, Path ndjsonFolder) throws IOException {
		Files.writeString(file, json.encodeResourceToString(bundle));
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			Writer writer = ndjson.get(resource.fhirType());
			if (writer == null) {
				writer = Files.newBufferedWriter(ndjsonFolder.resolve(resource.fhirType() + ".ndjson"), StandardCharsets.UTF_8);
				ndjson.put(resource.fhirType(), writer);
			}
			writer.write(json.encodeResourceToString(resource));
			writer.write('\n');
		}
		return bundle.getEntry().size();
	}

	/** What was written. */
	public record Summary(int patients, int resources, int resourceTypes) {
	}

}
