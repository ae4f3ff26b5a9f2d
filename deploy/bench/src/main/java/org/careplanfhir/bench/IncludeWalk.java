package org.careplanfhir.bench;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code includes <fhir-base> [resources] [rounds] [compare-base]}: the time to walk every page of
 * searches whose answer carries many included resources. Stores, unless they are there, one patient
 * with {@code resources} observations (5,000 by default, with their own ids so that a second run
 * reuses them), then per round: {@code Patient?_id=…&_revinclude=Observation:subject} (one match,
 * every observation included) and {@code Observation?subject=…&_include=Observation:subject&_count=500}
 * (the observations over several pages, the patient included on each), following {@code next} to
 * the end. Each search is walked twice per round: with {@code Cache-Control: no-cache}, which
 * Careplan's read cache and HAPI's search reuse both honour (the engine's figure), and as a client
 * sends it (which a read cache may answer). Reports, per search, server and kind, the median
 * milliseconds of the rounds and how many resources came back: a server that cuts includes short
 * answers fast and wrong, which the count shows.
 */
final class IncludeWalk {

	private static final ObjectMapper JSON = new ObjectMapper();

	private IncludeWalk() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		int resources = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
		int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
		String compare = args.length > 3 ? args[3].replaceAll("/$", "") : null;
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		List<String> servers = compare == null ? List.of(base) : List.of(base, compare);
		String patient = "bench-includes-" + resources;
		for (String server : servers) {
			store(http, server, patient, resources);
		}
		List<String> searches = List.of("Patient?_id=" + patient + "&_revinclude=Observation:subject",
				"Observation?subject=Patient/" + patient + "&_include=Observation:subject&_count=500");
		System.out.printf("Walking every page, %d observations of one patient, %d rounds (median):%n", resources, rounds);
		System.out.println("| Search | Server | Answered by | ms | pages | resources |");
		System.out.println("|---|---|---|---|---|---|");
		for (String search : searches) {
			for (boolean fresh : List.of(true, false)) {
				for (String server : servers) {
					walk(http, server + "/" + search, fresh); // warm-up
				}
				List<List<Walk>> walks = new ArrayList<>();
				servers.forEach(server -> walks.add(new ArrayList<>()));
				for (int round = 0; round < rounds; round++) {
					for (int s = 0; s < servers.size(); s++) {
						walks.get(s).add(walk(http, servers.get(s) + "/" + search, fresh));
					}
				}
				for (int s = 0; s < servers.size(); s++) {
					List<Walk> sorted = new ArrayList<>(walks.get(s));
					Collections.sort(sorted, (a, b) -> Long.compare(a.millis(), b.millis()));
					Walk median = sorted.get(sorted.size() / 2);
					System.out.printf("| `%s` | %s | %s | %d | %d | %d |%n", search.replace(patient, "P"), servers.get(s),
							fresh ? "engine (no-cache)" : "as sent (caches allowed)", median.millis(), median.pages(),
							median.resources());
				}
			}
		}
	}

	private record Walk(long millis, int pages, int resources) {
	}

	private static Walk walk(HttpClient http, String first, boolean fresh) throws Exception {
		long started = System.nanoTime();
		int pages = 0;
		int resources = 0;
		String url = first;
		while (url != null) {
			HttpRequest.Builder request = Requests.to(url).header("Accept", "application/fhir+json").timeout(Duration.ofMinutes(5));
			if (fresh) {
				request.header("Cache-Control", "no-cache");
			}
			HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
			}
			JsonNode page = JSON.readTree(response.body());
			pages++;
			resources += page.path("entry").size();
			url = null;
			for (JsonNode link : page.path("link")) {
				if ("next".equals(link.path("relation").asText())) {
					url = link.path("url").asText();
				}
			}
		}
		return new Walk((System.nanoTime() - started) / 1_000_000, pages, resources);
	}

	/** The patient and its observations, in batches of 500 updates with ids of their own. */
	private static void store(HttpClient http, String base, String patient, int resources) throws Exception {
		HttpResponse<String> count = http.send(Requests.to(base + "/Observation?subject="
				+ URLEncoder.encode("Patient/" + patient, StandardCharsets.UTF_8) + "&_summary=count")
			.header("Accept", "application/fhir+json").GET().build(), HttpResponse.BodyHandlers.ofString());
		if (count.statusCode() == 200 && JSON.readTree(count.body()).path("total").asInt() >= resources) {
			return;
		}
		send(http, base, "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\""
				+ patient + "\",\"name\":[{\"family\":\"Includes\"}]},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + patient + "\"}}]}");
		for (int done = 0; done < resources; done += 500) {
			StringBuilder entries = new StringBuilder();
			for (int i = done; i < Math.min(resources, done + 500); i++) {
				String id = patient + "-obs-" + i;
				entries.append(i == done ? "" : ",").append("""
						{"resource":{"resourceType":"Observation","id":"%s","status":"final","code":{"text":"steps"},
						 "subject":{"reference":"Patient/%s"},"effectiveDateTime":"2024-01-01T12:00:00Z","valueQuantity":{"value":%d}},
						 "request":{"method":"PUT","url":"Observation/%s"}}""".formatted(id, patient, i, id));
			}
			send(http, base, "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[" + entries + "]}");
		}
	}

	private static void send(HttpClient http, String base, String bundle) throws Exception {
		HttpResponse<String> response = http.send(Requests.to(base).header("Content-Type", "application/fhir+json")
			.timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(bundle)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200 || response.body().contains("\"status\":\"4") || response.body().contains("\"status\":\"5")) {
			throw new IllegalStateException("storing the observations answered " + response.statusCode() + ": "
					+ response.body().substring(0, Math.min(500, response.body().length())));
		}
	}

}
