package org.careplanfhir.server.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The Synthea people under {@code us-core/synthea}, loaded as Synthea writes them, each once per test
 * JVM (every test there shares one server): hospitals and practitioners first, then the person, as
 * FHIR transactions. The 6.1.0 person also gets {@code us-core-supplement.json}, the US Core resources
 * Synthea does not write.
 */
final class SyntheaRecords {

	/** The Synthea identifier of the 6.1.0 person, which the supplement's conditional references name. */
	static final String US_CORE_610_PERSON = "https://github.com/synthetichealth/synthea|5890bf02-e447-1033-194a-bb51328bb0d5";

	private static final Map<String, Loaded> LOADED = new LinkedHashMap<>();

	private SyntheaRecords() {
	}

	/**
	 * What loading one folder gave.
	 * @param bundles the transaction bundles sent, in order
	 * @param answers the server's answer to each
	 */
	record Loaded(List<JsonPath> bundles, List<Response> answers) {

		/** The id of the one stored Patient. */
		String patientId() {
			return idsOf("Patient").get(0);
		}

		/** Ids of the stored resources of a type, in the order the bundles sent them. */
		List<String> idsOf(String resourceType) {
			List<String> ids = new ArrayList<>();
			for (Response answer : answers) {
				for (String location : answer.jsonPath().getList("entry.response.location", String.class)) {
					if (location != null && location.startsWith(resourceType + "/")) {
						ids.add(location.split("/")[1]);
					}
				}
			}
			return ids;
		}

		/** The resources the person's bundle (the third) sends, as JSON objects. */
		List<Map<String, Object>> personEntries() {
			return bundles.get(2).getList("entry.resource");
		}

	}

	/** The 6.1.0 person and the supplement. */
	static Loaded usCore610(Function<String, RequestSpecification> poster) {
		return load("us-core-6.1.0", poster, "/us-core/us-core-supplement.json");
	}

	/** The 5.0.1 person: Synthea's default claims. */
	static Loaded usCore501(Function<String, RequestSpecification> poster) {
		return load("us-core-5.0.1", poster);
	}

	private static synchronized Loaded load(String folder, Function<String, RequestSpecification> poster,
			String... more) {
		return LOADED.computeIfAbsent(folder, key -> {
			List<String> resources = new ArrayList<>();
			for (String name : List.of("1-hospitals", "2-practitioners", "3-patient")) {
				resources.add("/us-core/synthea/" + folder + "/" + name + ".json.gz");
			}
			resources.addAll(List.of(more));
			List<JsonPath> bundles = new ArrayList<>();
			List<Response> answers = new ArrayList<>();
			for (String resource : resources) {
				String bundle = read(resource);
				bundles.add(new JsonPath(bundle));
				answers.add(poster.apply(bundle).post("/"));
			}
			return new Loaded(bundles, answers);
		});
	}

	private static String read(String resource) {
		try (InputStream in = SyntheaRecords.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No test data " + resource);
			}
			InputStream json = resource.endsWith(".gz") ? new GZIPInputStream(in) : in;
			return new String(json.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException unreadable) {
			throw new UncheckedIOException(unreadable);
		}
	}

}
