package org.careplanfhir.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every property Spring knows of, from the metadata the configuration processor writes while
 * compiling. Spring Boot's own jars carry metadata files of the same name, so all of them are read.
 */
final class ConfigurationMetadata {

	/** A property's name ({@code careplan.data-dir}) and its Java type as the metadata gives it. */
	record Property(String name, String type) {

		/** Whether its value is a list or map of entries, each with keys of its own. */
		boolean holdsEntries() {
			return type.startsWith("java.util.List") || type.startsWith("java.util.Map") || type.startsWith("java.util.Set")
					|| type.endsWith("[]");
		}

	}

	private ConfigurationMetadata() {
	}

	static List<Property> properties() {
		List<Property> properties = new ArrayList<>();
		try {
			ObjectMapper json = new ObjectMapper();
			Enumeration<URL> files = ConfigurationMetadata.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json");
			while (files.hasMoreElements()) {
				try (InputStream in = files.nextElement().openStream()) {
					for (JsonNode property : json.readTree(in).path("properties")) {
						properties.add(new Property(property.path("name").asText(), property.path("type").asText()));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the configuration metadata", ex);
		}
		return properties;
	}

}
