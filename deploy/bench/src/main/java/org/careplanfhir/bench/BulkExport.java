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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bulk export as an analyst's backend would run it: a system-level {@code $export} kick-off
 * ({@code Prefer: respond-async}), polling the status URL until the manifest is ready, then
 * downloading every NDJSON file. Reports how long the server took to prepare the export, how long
 * the download took, and resources per second over both.
 *
 * <p>{@code bulk-export <fhir-base> [rounds] [compare-base]}: with a compare base the two servers
 * take turns, round by round, and the ratios are printed. Each round runs the export twice: once
 * polling every 200 ms, so that the figure is the server's time, not the client's patience; once
 * polling when the server's {@code Retry-After} says, as {@code bulk-data-client} does. Files are
 * downloaded four at a time, as such clients do; the time to the first file is the time until the
 * first file is downloaded.
 */
final class BulkExport {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Duration GIVE_UP = Duration.ofMinutes(30);

	private static final int PARALLEL_DOWNLOADS = 4;

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
		List<List<Export>> paced = new ArrayList<>();
		bases.forEach(base -> {
			exports.add(new ArrayList<>());
			paced.add(new ArrayList<>());
		});
		for (int round = 0; round < rounds; round++) {
			for (int b = 0; b < bases.size(); b++) {
				exports.get(b).add(export(http, bases.get(b), false));
				paced.get(b).add(export(http, bases.get(b), true));
			}
		}

		System.out.printf("%n| bulk export, median of %d | polling | resources | files | MB | prepare s | first file s | download s | resources/s |%n",
				rounds);
		System.out.println("|---|---|---|---|---|---|---|---|---|");
		double[] rates = new double[bases.size()];
		for (int b = 0; b < bases.size(); b++) {
			Export median = median(exports.get(b));
			rates[b] = median.resourcesPerSecond();
			report(bases.get(b), "every 200 ms", median, rounds);
			report(bases.get(b), "at Retry-After", median(paced.get(b)), rounds);
		}
		if (bases.size() > 1) {
			System.out.printf(Locale.ROOT, "ratio (first / second): resources/s %.2f×%n", rates[0] / rates[1]);
		}
	}

	private static void report(String base, String polling, Export median, int rounds) {
		System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.1f |%n", base, polling,
				median.resources(), median.files(), median.bytes() / 1e6, median.prepareSeconds(),
				median.firstFileSeconds(), median.downloadSeconds(), median.resourcesPerSecond());
		Results.record("bulk export (system level, polled " + polling + ", median of " + rounds + ")", base,
				"resources", median.resources(), "files", median.files(), "prepare_s", median.prepareSeconds(),
				"first_file_s", median.firstFileSeconds(), "download_s", median.downloadSeconds(), "resources_per_s",
				median.resourcesPerSecond());
	}

	/** One export, start to last byte. */
	static Export export(HttpClient http, String base, boolean atRetryAfter) throws Exception {
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
		JsonNode manifest = awaitManifest(http, status, started, atRetryAfter);
		long prepared = System.nanoTime();

		List<String> urls = new ArrayList<>();
		manifest.path("output").forEach(output -> urls.add(output.path("url").asText()));
		AtomicLong resources = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		AtomicLong firstFile = new AtomicLong();
		ExecutorService downloaders = Executors.newFixedThreadPool(PARALLEL_DOWNLOADS);
		try {
			List<Future<?>> downloads = new ArrayList<>();
			for (String url : urls) {
				downloads.add(downloaders.submit(() -> {
					HttpResponse<String> file = http.send(Requests.to(url).header("Accept", "application/fhir+ndjson")
						.GET().build(), HttpResponse.BodyHandlers.ofString());
					if (file.statusCode() != 200) {
						throw new IllegalStateException(url + " answered " + file.statusCode());
					}
					firstFile.compareAndSet(0, System.nanoTime());
					bytes.addAndGet(file.body().length());
					resources.addAndGet(file.body().lines().filter(line -> !line.isBlank()).count());
					return null;
				}));
			}
			for (Future<?> download : downloads) {
				download.get();
			}
		}
		finally {
			downloaders.shutdown();
		}
		long downloaded = System.nanoTime();
		return new Export(resources.get(), urls.size(), bytes.get(), (prepared - started) / 1e9,
				((firstFile.get() == 0 ? downloaded : firstFile.get()) - started) / 1e9, (downloaded - prepared) / 1e9);
	}

	private static JsonNode awaitManifest(HttpClient http, String status, long started, boolean atRetryAfter)
			throws Exception {
		while (System.nanoTime() - started < GIVE_UP.toNanos()) {
			HttpResponse<String> poll = http.send(Requests.to(status).header("Accept", "application/json").GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (poll.statusCode() == 200) {
				return JSON.readTree(poll.body());
			}
			if (poll.statusCode() != 202) {
				throw new IllegalStateException(URI.create(status) + " answered " + poll.statusCode() + ": " + poll.body());
			}
			long wait = atRetryAfter
					? poll.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L) * 1000 : POLL.toMillis();
			Thread.sleep(wait);
		}
		throw new IllegalStateException("the export at " + status + " did not finish in " + GIVE_UP);
	}

	private static Export median(List<Export> exports) {
		Export[] sorted = exports.toArray(Export[]::new);
		Arrays.sort(sorted, (a, b) -> Double.compare(a.resourcesPerSecond(), b.resourcesPerSecond()));
		return sorted[sorted.length / 2];
	}

	record Export(long resources, int files, long bytes, double prepareSeconds, double firstFileSeconds,
			double downloadSeconds) {

		double resourcesPerSecond() {
			return resources / (prepareSeconds + downloadSeconds);
		}

	}

}
