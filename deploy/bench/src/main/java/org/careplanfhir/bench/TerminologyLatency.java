package org.careplanfhir.bench;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Terminology latency on a large code system: uploads a generated code system (50,000 concepts by
 * default) through {@code $upload-external-code-system} unless the server has it, then times
 * {@code $expand} with a selective {@code filter} (Lucene) and {@code $validate-code}, one request
 * at a time, after a warm-up.
 */
final class TerminologyLatency {

	static final String SYSTEM = "http://example.org/fhir/CodeSystem/bench-synthetic-findings";

	private static final String[] WORDS = { "amber", "basalt", "cobalt", "quokka", "saffron", "tundra", "umber",
			"vellum" };

	private TerminologyLatency() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		int concepts = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
		int requests = args.length > 2 ? Integer.parseInt(args[2]) : 500;
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

		if (get(http, base + "/CodeSystem/$lookup?system=" + SYSTEM + "&code=F" + concepts) != 200) {
			long started = System.nanoTime();
			int status = post(http, base + "/CodeSystem/$upload-external-code-system", upload(concepts));
			if (status != 200) {
				throw new IllegalStateException("upload answered " + status);
			}
			while (get(http, base + "/CodeSystem/$lookup?system=" + SYSTEM + "&code=F" + concepts) != 200) {
				Thread.sleep(500);
			}
			System.out.printf("Uploaded %d concepts in %.1f s (request and background storage)%n", concepts,
					(System.nanoTime() - started) / 1e9);
		}

		Random random = new Random(42);
		// Numbers with as many digits as the largest one: their text is no other number's prefix, so
		// each filter matches one concept and the expansion stays within its count.
		int lowest = (int) Math.pow(10, String.valueOf(concepts).length() - 1);
		List<Long> expand = time(requests, () -> {
			int concept = lowest + random.nextInt(concepts - lowest + 1);
			return post(http, base + "/ValueSet/$expand", expandParameters("finding " + concept));
		});
		List<Long> validate = time(requests, () -> get(http, base + "/CodeSystem/$validate-code?url=" + SYSTEM
				+ "&code=F" + (1 + random.nextInt(concepts))));
		System.out.printf("%s, %d concepts, %d requests each, one at a time:%n", base, concepts, requests);
		System.out.printf("  $expand filter   p50 %.1f ms, p99 %.1f ms%n", percentile(expand, 50), percentile(expand, 99));
		System.out.printf("  $validate-code   p50 %.1f ms, p99 %.1f ms%n", percentile(validate, 50),
				percentile(validate, 99));
	}

	private interface Call {

		int send() throws Exception;

	}

	private static List<Long> time(int requests, Call call) throws Exception {
		for (int i = 0; i < Math.min(100, requests); i++) {
			call.send(); // warm-up
		}
		List<Long> micros = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			long start = System.nanoTime();
			int status = call.send();
			if (status != 200) {
				throw new IllegalStateException("request answered " + status);
			}
			micros.add((System.nanoTime() - start) / 1_000);
		}
		Collections.sort(micros);
		return micros;
	}

	private static double percentile(List<Long> sortedMicros, int p) {
		return sortedMicros.get(Math.min(sortedMicros.size() - 1, sortedMicros.size() * p / 100)) / 1000.0;
	}

	private static String expandParameters(String filter) {
		return """
				{"resourceType": "Parameters", "parameter": [
				  {"name": "valueSet", "resource": {"resourceType": "ValueSet", "status": "active",
				    "compose": {"include": [{"system": "%s"}]}}},
				  {"name": "filter", "valueString": "%s"},
				  {"name": "count", "valueInteger": 50}]}""".formatted(SYSTEM, filter);
	}

	private static String upload(int concepts) {
		StringBuilder csv = new StringBuilder("CODE,DISPLAY\n");
		for (int i = 1; i <= concepts; i++) {
			csv.append('F').append(i).append(",Synthetic finding ").append(i).append(' ')
				.append(WORDS[(i - 1) % WORDS.length]).append('\n');
		}
		return """
				{"resourceType": "Parameters", "parameter": [
				  {"name": "system", "valueUri": "%s"},
				  {"name": "file", "valueAttachment": {"contentType": "text/csv", "url": "concepts.csv", "data": "%s"}}]}"""
			.formatted(SYSTEM, Base64.getEncoder().encodeToString(csv.toString().getBytes(StandardCharsets.UTF_8)));
	}

	private static int get(HttpClient http, String url) throws Exception {
		HttpRequest request = Requests.to(url.replace("|", URLEncoder.encode("|", StandardCharsets.UTF_8)))
			.header("Accept", "application/fhir+json")
			.GET()
			.build();
		return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static int post(HttpClient http, String url, String body) throws Exception {
		HttpRequest request = Requests.to(url)
			.header("Content-Type", "application/fhir+json")
			.timeout(Duration.ofMinutes(5))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
