package org.careplanfhir.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files under {@code deploy/} set only settings that exist: every environment variable
 * they name (in the environment files, set or commented out as an example; in the compose file's
 * services that run the server; in the Helm chart's container), is the environment form of a property Spring knows
 * (ours and Spring Boot's, from the configuration metadata), so a typo or a renamed property cannot
 * leave an operator's setting silently ignored.
 */
class DeploymentSettingsTests {

	// Surefire runs in the server module's folder.
	private static final Path DEPLOY = Path.of("../deploy");

	/** Read by the launch command itself rather than bound by Spring. */
	private static final Set<String> NOT_PROPERTIES = Set.of("JAVA_OPTS");

	private static final Pattern ASSIGNMENT = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=", Pattern.MULTILINE);

	/** The chart's container environment: {@code - name: VARIABLE} entries. */
	private static final Pattern CHART_VARIABLE = Pattern.compile("^\\s*- name: ([A-Z][A-Z0-9_]*)\\s*$", Pattern.MULTILINE);

	@Test
	void everyVariableTheDeploymentFilesSetIsARealSetting() throws IOException {
		List<String> variables = new ArrayList<>(variablesIn(environmentFiles()));
		assertThat(variables).as("variables in the environment files").contains("CAREPLAN_DATA_DIR", "SPRING_DATASOURCE_URL");
		List<String> compose = composeServerVariables();
		assertThat(compose).as("variables of the compose file's server instances").contains("CAREPLAN_CLUSTER_ENABLED",
				"SPRING_DATASOURCE_URL");
		List<String> chart = chartVariables();
		assertThat(chart).as("variables of the Helm chart's container").contains("CAREPLAN_CLUSTER_ENABLED",
				"CAREPLAN_SEARCH_ELASTICSEARCH_HOSTS");
		variables.addAll(compose);
		variables.addAll(chart);
		Known known = environmentNames();
		List<String> unknown = variables.stream().filter(variable -> !NOT_PROPERTIES.contains(variable))
			.filter(variable -> !isSetting(variable, known))
			.toList();
		assertThat(unknown).as("variables in %s that bind no property", DEPLOY).isEmpty();
	}

	@Test
	void aMistypedVariableWouldBeCaught() {
		Known known = environmentNames();
		assertThat(isSetting("CAREPLAN_DATA_DIR", known)).isTrue();
		assertThat(isSetting("CAREPLAN_DATADIR", known)).isTrue();
		assertThat(isSetting("CAREPLAN_SECURITY_CLIENTS_0_CLIENTID", known)).isTrue();
		assertThat(isSetting("CAREPLAN_DATA_DIRECTORY", known)).isFalse();
		assertThat(isSetting("SPRING_DATASOURCE_UR", known)).isFalse();
		assertThat(isSetting("CAREPLAN_FHIR_SERVER_ADDRESS_EXTRA", known)).as("a scalar has no entries").isFalse();
	}

	/** The environment of every compose service that runs this server's image (merge keys resolved). */
	@SuppressWarnings("unchecked")
	private static List<String> composeServerVariables() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(DEPLOY.resolve("compose/compose.yaml")));
		List<String> variables = new ArrayList<>();
		for (Object service : ((Map<String, Object>) compose.get("services")).values()) {
			Map<String, Object> definition = (Map<String, Object>) service;
			if (String.valueOf(definition.get("image")).startsWith("careplan-fhir-server")) {
				variables.addAll(((Map<String, Object>) definition.get("environment")).keySet());
			}
		}
		return variables;
	}

	/** The variables the chart's Deployment sets, and those its values file sets under {@code env}. */
	@SuppressWarnings("unchecked")
	private static List<String> chartVariables() throws IOException {
		Path chart = DEPLOY.resolve("helm/careplan");
		List<String> variables = new ArrayList<>();
		Matcher entry = CHART_VARIABLE.matcher(Files.readString(chart.resolve("templates/deployment.yaml")));
		while (entry.find()) {
			variables.add(entry.group(1));
		}
		Map<String, Object> values = new Yaml().load(Files.readString(chart.resolve("values.yaml")));
		variables.addAll(((Map<String, Object>) values.get("env")).keySet());
		return variables;
	}

	private static List<Path> environmentFiles() throws IOException {
		try (Stream<Path> files = Files.walk(DEPLOY)) {
			return files.filter(file -> file.toString().endsWith(".env")).sorted().toList();
		}
	}

	private static List<String> variablesIn(List<Path> files) throws IOException {
		List<String> variables = new ArrayList<>();
		for (Path file : files) {
			Matcher assignment = ASSIGNMENT.matcher(Files.readString(file));
			while (assignment.find()) {
				variables.add(assignment.group(1));
			}
		}
		return variables;
	}

	/**
	 * A property's own environment form, or an entry under a list- or map-valued one
	 * ({@code CAREPLAN_SECURITY_CLIENTS_0_CLIENTID} under {@code careplan.security.clients}).
	 */
	private static boolean isSetting(String variable, Known known) {
		if (known.scalars().contains(variable) || known.collections().contains(variable)) {
			return true;
		}
		int end = variable.length();
		while ((end = variable.lastIndexOf('_', end - 1)) > 0) {
			if (known.collections().contains(variable.substring(0, end))) {
				return true;
			}
		}
		return false;
	}

	/** Environment names of properties, and of those whose value is a list or map of entries. */
	private record Known(Set<String> scalars, Set<String> collections) {
	}

	/**
	 * Spring Boot binds {@code careplan.data-dir} from {@code CAREPLAN_DATADIR} and, in its legacy
	 * form, {@code CAREPLAN_DATA_DIR}: dots become underscores, dashes are dropped or become underscores.
	 */
	private static Known environmentNames() {
		Set<String> names = new TreeSet<>();
		Set<String> collections = new TreeSet<>();
		for (ConfigurationMetadata.Property property : ConfigurationMetadata.properties()) {
			String name = property.name().toUpperCase().replace('.', '_');
			Set<String> into = property.holdsEntries() ? collections : names;
			into.add(name.replace("-", ""));
			into.add(name.replace('-', '_'));
		}
		assertThat(names).as("environment forms of the configuration metadata").contains("SPRING_DATASOURCE_URL", "SERVER_PORT");
		return new Known(names, collections);
	}

}
