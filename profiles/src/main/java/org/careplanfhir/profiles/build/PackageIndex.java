package org.careplanfhir.profiles.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;

/** The {@code .index.json} of an NPM FHIR package: which file holds which resource. */
final class PackageIndex {

	private final List<Map<String, String>> files = new ArrayList<>();

	void add(String fileName, Resource resource, MetadataResource metadata) {
		Map<String, String> entry = new LinkedHashMap<>();
		entry.put("filename", fileName);
		entry.put("resourceType", resource.fhirType());
		entry.put("id", resource.getIdElement().getIdPart());
		if (metadata != null) {
			putIfPresent(entry, "url", metadata.getUrl());
			putIfPresent(entry, "version", metadata.getVersion());
		}
		if (resource instanceof org.hl7.fhir.r4.model.StructureDefinition structure) {
			putIfPresent(entry, "kind", structure.getKind() == null ? null : structure.getKind().toCode());
			putIfPresent(entry, "type", structure.getType());
		}
		files.add(entry);
	}

	int size() {
		return files.size();
	}

	String toJson() {
		Map<String, Object> index = new LinkedHashMap<>();
		index.put("index-version", 1);
		index.put("files", files);
		try {
			return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(index);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void putIfPresent(Map<String, String> entry, String key, String value) {
		if (value != null && !value.isBlank()) {
			entry.put(key, value);
		}
	}
}
