package org.careplanfhir.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bulk export as an analyst's backend would run it: a system-level {@code $export} kick-off
 * ({@code Prefer: respond-async}), polling the status URL until the manifest is ready, then
 * downloading every NDJSON file. Reports how long the server took to prepare the export, how long
 * the download took, and resources per second over both.
 *
 * <p>{@code bulk-export <fhir-base> [rounds] [compare-base]}: with a compare base the two servers
 * take turns, round by round, and the ratios are printed. Status is polled every 200 ms rather
 * than at the server's {@code Retry-After}, so that the figure is the server's time, not the
 * client's patience.
 */
final class BulkExport {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Duration GIVE_UP = Duration.ofMinutes(30);

	private BulkExport() {
	}

	static void run(String[] args) throws Exception {
		List<String> bases = new ArrayList<>(List.of(args[0].replaceAll("/$", "")));
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
		if (args.length > 2) {
			bases.add(args[2].replaceAll("/$", ""));
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		List<List<Export>> exports = new ArrayList<>();
		bases.forEach(base -> exports.add(new ArrayList<>()));
		for (int round = 0; round < rounds; round++) {
			for (int b = 0; b < bases.size(); b++) {
				exports.get(b).add(export(http, bases.get(b)));
			}
		}

		System.out.printf("%n| bulk export, median of %d | resources | files | MB | prepare s | download s | resources/s |%n",
				rounds);
		System.out.println("|---|---|---|---|---|---|---|");
		double[] rates = new double[bases.size()];
		for (int b = 0; b < bases.size(); b++) {
			Export median = median(exports.get(b));
			rates[b] = median.resourcesPerSecond();
			System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.2f | %.1f |%n", bases.get(b),
					median.resources(), median.files(), median.bytes() / 1e6, median.prepareSeconds(),
					median.downloadSeconds(), rates[b]);
			Results.record("bulk export (system level, median of " + rounds + ")", bases.get(b), "resources",
					median.resources(), "files", median.files(), "prepare_s", median.prepareSeconds(), "download_s",
					median.downloadSeconds(), "resources_per_s", rates[b]);
		}
		if (bases.size() > 1) {
			System.out.printf(Locale.ROOT, "ratio (first / second): resources/s %.2f×%n", rates[0] / rates[1]);
		}
	}

	/** One export, start to last byte. */
	static Export export(HttpClient http, String base) throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> kickOff = http.send(Requests.to(base + "/$export")
			.header("Accept", "application/fhir+json")
			.header("Prefer", "respond-async")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		if (kickOff.statusCode() != 202) {
			throw new IllegalStateException(base + "/$export answered " + kickOff.statusCode()
					+ " instead of 202 (does the server serve bulk export?): " + kickOff.body());
		}
		String status = kickOff.headers().firstValue("Content-Location")
			.orElseThrow(() -> new IllegalStateException(base + "/$export answered 202 without Content-Location"));
		JsonNode manifest = awaitManifest(http, status, started);
		long prepared = System.nanoTime();

		long resources = 0;
		long bytes = 0;
		int files = 0;
		for (JsonNode output : manifest.path("output")) {
			HttpResponse<String> file = http.send(Requests.to(output.path("url").asText())
				.header("Accept", "application/fhir+ndjson")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			if (file.statusCode() != 200) {
				throw new IllegalStateException(output.path("url").asText() + " answered " + file.statusCode());
			}
			files++;
			bytes += file.body().length();
			resources += file.body().lines().filter(line -> !line.isBlank()).count();
		}
		long downloaded = System.nanoTime();
		return new Export(resources, files, bytes, (prepared - started) / 1e9, (downloaded - prepared) / 1e9);
	}

	private static JsonNode awaitManifest(HttpClient http, String status, long started) throws Exception {
		while (System.nanoTime() - started < GIVE_UP.toNanos()) {
			HttpResponse<String> poll = http.send(Requests.to(status).header("Accept", "application/json").GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (poll.statusCode() == 200) {
				return JSON.readTree(poll.body());
			}
			if (poll.statusCode() != 202) {
				throw new IllegalStateException(URI.create(status) + " answered " + poll.statusCode() + ": " + poll.body());
			}
			Thread.sleep(POLL.toMillis());
		}
		throw new IllegalStateException("the export at " + status + " did not finish in " + GIVE_UP);
	}

	private static Export median(List<Export> exports) {
		Export[] sorted = exports.toArray(Export[]::new);
		Arrays.sort(sorted, (a, b) -> Double.compare(a.resourcesPerSecond(), b.resourcesPerSecond()));
		return sorted[sorted.length / 2];
	}

	record Export(long resources, int files, long bytes, double prepareSeconds, double downloadSeconds) {

		double resourcesPerSecond() {
			return resources / (prepareSeconds + downloadSeconds);
		}

	}

}
