package org.careplanfhir.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration documentation stays true: every {@code careplan.*} property Spring knows of
 * (the metadata the configuration processor writes while compiling) is a row of the README's
 * configuration table and a key of {@code application.yaml}, and neither names a property that
 * no longer exists.
 * <p>
 * A property whose value is a list or map of entries ({@code careplan.security.clients},
 * {@code careplan.packages}) is one key in the metadata; documenting that key is enough, so
 * {@code careplan.security.clients[n].*} in the README and a list under {@code clients:} in the
 * YAML both count as {@code careplan.security.clients}.
 */
class ConfigurationDocumentationTests {

	private static final String PREFIX = "careplan.";

	// Surefire runs in the server module's folder; the README belongs to the whole repository.
	private static final Path README = Path.of("../README.md");

	// Read from the sources rather than the classpath, so that a test resource of the same name
	// could never stand in for the file operators actually get.
	private static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");

	// A name in backticks in a table row's first cell.
	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

	private final Set<String> properties = metadataProperties();

	@Test
	void everyPropertyIsInTheReadmeTable() throws IOException {
		assertThat(missing(properties, readmeKeys()))
			.as("careplan.* properties without a row in the configuration table of %s", README)
			.isEmpty();
	}

	@Test
	void theReadmeTableNamesNoUnknownProperty() throws IOException {
		assertThat(missing(readmeKeys(), properties))
			.as("rows of the configuration table of %s naming no careplan.* property (renamed or removed?)", README)
			.isEmpty();
	}

	@Test
	void everyPropertyIsInApplicationYaml() throws IOException {
		assertThat(missing(properties, yamlKeys()))
			.as("careplan.* properties not set in %s", APPLICATION_YAML)
			.isEmpty();
	}

	@Test
	void applicationYamlSetsNoUnknownProperty() throws IOException {
		assertThat(missing(yamlKeys(), properties))
			.as("careplan.* keys in %s naming no property (renamed or removed?)", APPLICATION_YAML)
			.isEmpty();
	}

	/** What {@code expected} holds that {@code actual} lacks, sorted so the message reads as a list. */
	private static Set<String> missing(Set<String> expected, Set<String> actual) {
		Set<String> missing = new TreeSet<>(expected);
		missing.removeAll(actual);
		return missing;
	}

	/** Every {@code careplan.*} property in the configuration metadata; only ours hold careplan keys. */
	private static Set<String> metadataProperties() {
		Set<String> names = new TreeSet<>();
		for (ConfigurationMetadata.Property property : ConfigurationMetadata.properties()) {
			if (property.name().startsWith(PREFIX)) {
				names.add(property.name());
			}
		}
		// Without the configuration processor every check below would pass on nothing.
		assertThat(names).as("careplan.* properties in META-INF/spring-configuration-metadata.json"
				+ " (is spring-boot-configuration-processor still an annotation processor?)")
			.isNotEmpty();
		return names;
	}

	/**
	 * The keys named in the first cell of every README table row that starts with a careplan key.
	 * A cell may name siblings by their last part ({@code `careplan.read-cache.max-size` /
	 * `max-entry-size`}), and a list's entries as {@code [n].*}: both are resolved to full keys.
	 */
	private static Set<String> readmeKeys() throws IOException {
		Set<String> keys = new TreeSet<>();
		for (String line : Files.readAllLines(README)) {
			if (!line.startsWith("|")) {
				continue;
			}
			String firstCell = line.split("\\|")[1];
			String first = null;
			Matcher span = CODE_SPAN.matcher(firstCell);
			while (span.find()) {
				String name = span.group(1);
				if (first == null) {
					first = name;
				}
				else if (!name.startsWith(PREFIX)) {
					name = first.substring(0, first.lastIndexOf('.') + 1) + name;
				}
				if (name.startsWith(PREFIX)) {
					keys.add(withoutEntries(name));
				}
			}
		}
		return keys;
	}

	/** {@code careplan.security.clients[n].*} and {@code careplan.x.*} name the list or map key. */
	private static String withoutEntries(String name) {
		int index = name.indexOf('[');
		String key = index < 0 ? name : name.substring(0, index);
		return key.endsWith(".*") ? key.substring(0, key.length() - 2) : key;
	}

	/** The dotted keys under {@code careplan:} in every document of application.yaml. */
	private Set<String> yamlKeys() throws IOException {
		Set<String> keys = new TreeSet<>();
		try (Reader in = Files.newBufferedReader(APPLICATION_YAML)) {
			for (Object document : new Yaml().loadAll(in)) {
				if (document instanceof Map<?, ?> root && root.get("careplan") instanceof Map<?, ?> careplan) {
					flatten("careplan", careplan, keys);
				}
			}
		}
		return keys;
	}

	/**
	 * Scalars, empty values and lists are leaves. A map is a group of further keys, unless its path
	 * is itself a property: then it is a map-typed property, and its entries are the user's own
	 * names, not keys to check.
	 */
	private void flatten(String path, Map<?, ?> group, Set<String> keys) {
		for (Map.Entry<?, ?> entry : group.entrySet()) {
			String key = path + "." + entry.getKey();
			if (entry.getValue() instanceof Map<?, ?> nested && !nested.isEmpty() && !properties.contains(key)) {
				flatten(key, nested, keys);
			}
			else {
				keys.add(withoutEntries(key));
			}
		}
	}

}
