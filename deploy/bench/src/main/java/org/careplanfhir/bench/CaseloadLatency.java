package org.careplanfhir.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code caseload <fhir-base> <folder> [requests]}: a case manager opening the day's caseload. Over a
 * population generated and loaded from {@code folder}, finds the case manager with the most active
 * cases (from the generated bundles), then asks {@code Practitioner/[id]/$caseload} one request at
 * a time after 20 warm-ups, with {@code Cache-Control: no-cache}, whole and with
 * {@code overdue-only=true}. Reports the cases each answer listed (which must be the active cases
 * the population gave that practitioner) and p50/p95/p99 ms.
 */
final class CaseloadLatency {

	private static final ObjectMapper JSON = new ObjectMapper();

	private CaseloadLatency() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		Path bundles = Path.of(args[1], "bundles");
		int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
		Map<String, Integer> activeCases = new HashMap<>();
		int patients = 0;
		try (Stream<Path> files = Files.list(bundles)) {
			for (Path file : files.filter(path -> path.getFileName().toString().startsWith("patient-")).toList()) {
				patients++;
				for (JsonNode entry : JSON.readTree(file.toFile()).path("entry")) {
					JsonNode resource = entry.path("resource");
					if ("EpisodeOfCare".equals(resource.path("resourceType").asText())
							&& "active".equals(resource.path("status").asText())) {
						activeCases.merge(resource.path("careManager").path("reference").asText(), 1, Integer::sum);
					}
				}
			}
		}
		Map.Entry<String, Integer> busiest = activeCases.entrySet().stream().max(Map.Entry.comparingByValue())
			.orElseThrow(() -> new IllegalStateException("no active case in " + bundles));
		String practitioner = busiest.getKey();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		System.out.printf("$caseload of %s (%d active cases in a population of %d patients), %d requests one at a time,"
				+ " caches bypassed:%n", practitioner, busiest.getValue(), patients, requests);
		System.out.println("| Question | cases listed | resources | KB | p50 ms | p95 ms | p99 ms |");
		System.out.println("|---|---|---|---|---|---|---|");
		for (String question : List.of("", "?overdue-only=true")) {
			String url = base + "/" + practitioner + "/$caseload" + question;
			for (int i = 0; i < 20; i++) {
				ask(http, url);
			}
			List<Long> micros = new ArrayList<>();
			Answer last = null;
			for (int i = 0; i < requests; i++) {
				long started = System.nanoTime();
				last = ask(http, url);
				micros.add((System.nanoTime() - started) / 1_000);
			}
			if (question.isEmpty() && last.cases != busiest.getValue()) {
				throw new IllegalStateException("$caseload listed " + last.cases + " cases; the population has "
						+ busiest.getValue() + " active cases of " + practitioner);
			}
			Collections.sort(micros);
			double p50 = micros.get(micros.size() / 2) / 1000.0;
			double p95 = micros.get(Math.min(micros.size() - 1, micros.size() * 95 / 100)) / 1000.0;
			double p99 = micros.get(Math.min(micros.size() - 1, micros.size() * 99 / 100)) / 1000.0;
			System.out.printf("| `$caseload%s` | %d | %d | %d | %.1f | %.1f | %.1f |%n", question, last.cases, last.resources,
					last.bytes / 1024, p50, p95, p99);
			Results.record("caseload" + question, base, "cases", last.cases, "p50_ms", p50, "p95_ms", p95, "p99_ms", p99);
		}
	}

	private record Answer(int cases, int resources, int bytes) {
	}

	private static Answer ask(HttpClient http, String url) throws Exception {
		HttpResponse<String> response = http.send(Requests.to(url).header("Accept", "application/fhir+json")
			.header("Cache-Control", "no-cache").GET().build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
		}
		JsonNode bundle = JSON.readTree(response.body());
		int cases = 0;
		for (JsonNode parameter : bundle.path("entry").path(0).path("resource").path("parameter")) {
			if ("case".equals(parameter.path("name").asText())) {
				cases++;
			}
		}
		return new Answer(cases, bundle.path("entry").size() - 1, response.body().length());
	}

}
