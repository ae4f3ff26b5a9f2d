package org.careplanfhir.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code date-searches <fhir-base> [requests] [compare-base]}: the insurer's date-range questions over
 * a loaded population, one request at a time with {@code Cache-Control: no-cache} (the engine's
 * figure), each asked with a year ({@code authored=ge2024&authored=le2024}) and with the days that
 * year spans ({@code authored=ge2024-01-01&authored=le2024-12-31}), which mean the same under the
 * FHIR search rules. Reports per question and server the count it answered (two forms of one
 * question must agree) and the p50 and p99 milliseconds.
 */
final class DateSearchLatency {

	private static final ObjectMapper JSON = new ObjectMapper();

	private DateSearchLatency() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200;
		List<String> servers = args.length > 2 ? List.of(base, args[2].replaceAll("/$", "")) : List.of(base);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		List<String> questions = new ArrayList<>();
		for (String[] year : new String[][] { { "2024", "2024-01-01", "2024-12-31" }, { "2023-06", "2023-06-01", "2023-06-30" } }) {
			questions.add("ServiceRequest?authored=ge" + year[0] + "&authored=le" + year[0] + "&_summary=count");
			questions.add("ServiceRequest?authored=ge" + year[1] + "&authored=le" + year[2] + "&_summary=count");
			questions.add("CarePlan?date=ge" + year[0] + "&_summary=count");
			questions.add("CarePlan?date=ge" + year[1] + "&_summary=count");
			questions.add("EpisodeOfCare?date=le" + year[0] + "&_summary=count");
			questions.add("EpisodeOfCare?date=le" + year[2] + "&_summary=count");
		}
		// Every question on every server first, so that no question is timed on a colder server than the next.
		for (String question : questions) {
			for (String server : servers) {
				for (int i = 0; i < Math.min(50, requests); i++) {
					ask(http, server + "/" + question);
				}
			}
		}
		System.out.printf("Date searches, %d requests each, one at a time, caches bypassed:%n", requests);
		System.out.println("| Question | Server | total | p50 ms | p99 ms |");
		System.out.println("|---|---|---|---|---|");
		for (String question : questions) {
			for (String server : servers) {
				List<Long> micros = new ArrayList<>();
				int total = 0;
				for (int i = 0; i < requests; i++) {
					long started = System.nanoTime();
					total = ask(http, server + "/" + question);
					micros.add((System.nanoTime() - started) / 1_000);
				}
				Collections.sort(micros);
				System.out.printf("| `%s` | %s | %d | %.1f | %.1f |%n", question.replace("&_summary=count", ""), server, total,
						micros.get(micros.size() / 2) / 1000.0, micros.get(Math.min(micros.size() - 1, micros.size() * 99 / 100)) / 1000.0);
			}
		}
	}

	private static int ask(HttpClient http, String url) throws Exception {
		HttpResponse<String> response = http.send(Requests.to(url).header("Accept", "application/fhir+json")
			.header("Cache-Control", "no-cache").GET().build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(url + " answered " + response.statusCode());
		}
		return JSON.readTree(response.body()).path("total").asInt();
	}

}
