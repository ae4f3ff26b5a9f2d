package org.careplanfhir.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code load <fhir-base> <folder> [clients] [bearer-token]}: posts a generated population's
 * bundles (shared first, then the patients by parallel clients), with a progress bar on stderr and
 * resources per second at the end. A bundle the server refuses is reported with its answer.
 */
final class Load {

	private Load() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		Path bundles = Path.of(args[1], "bundles");
		int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
		if (args.length > 3) {
			System.setProperty(Requests.TOKEN_PROPERTY, args[3]);
		}
		List<Path> patients;
		try (Stream<Path> files = Files.list(bundles)) {
			patients = files.filter(f -> f.getFileName().toString().startsWith("patient-")).sorted().toList();
		}
		ingest("load", base, List.of(bundles.resolve("shared.json")), patients, clients);
	}

	/**
	 * Posts the shared bundles one by one, then the patients' bundles with parallel clients;
	 * reports resources per second (patients' bundles only) and records them as {@code scenario}.
	 */
	static void ingest(String scenario, String base, List<Path> shared, List<Path> patients, int clients)
			throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		for (Path bundle : shared) {
			if (post(http, base, bundle) < 0) {
				throw new IllegalStateException("the shared bundle " + bundle.getFileName() + " was refused");
			}
		}

		AtomicInteger done = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		AtomicLong resources = new AtomicLong();
		long started = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		for (Path patient : patients) {
			pool.submit(() -> {
				int stored;
				try {
					stored = post(http, base, patient);
				}
				catch (Exception unanswered) {
					// A refused connection or a timeout is a failed bundle too, not a silent one.
					System.err.printf("%n%s: no answer: %s%n", patient.getFileName(), unanswered);
					stored = -1;
				}
				if (stored < 0) {
					failed.incrementAndGet();
				}
				else {
					resources.addAndGet(stored);
				}
				progress(done.incrementAndGet(), patients.size(), resources.get(), started);
				return null;
			});
		}
		pool.shutdown();
		pool.awaitTermination(7, TimeUnit.DAYS);
		double seconds = (System.nanoTime() - started) / 1e9;
		System.err.println();
		System.out.printf("Loaded %d patients (%d resources) into %s with %d clients in %.1f s: %.1f resources/s, %d failed%n",
				patients.size() - failed.get(), resources.get(), base, clients, seconds, resources.get() / seconds,
				failed.get());
		Results.record(scenario + ", " + clients + " clients", base, "resources_per_s", resources.get() / seconds,
				"patients", patients.size(), "resources", resources.get(), "failed", failed.get());
		if (failed.get() > 0) {
			throw new IllegalStateException(failed.get() + " patient bundles were refused");
		}
	}

	/** Posts one transaction; answers how many resources it stored, or -1. */
	private static int post(HttpClient http, String base, Path bundle) throws Exception {
		String body = Files.readString(bundle);
		HttpRequest.Builder request = Requests.to(base)
			.header("Content-Type", "application/fhir+json")
			.header("Prefer", "return=minimal")
			// One Synthea person's whole history can be a 25 MB transaction of 9,000 resources.
			.timeout(Duration.ofMinutes(30))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			System.err.printf("%n%s: %d %s%n", bundle.getFileName(), response.statusCode(),
					response.body().substring(0, Math.min(500, response.body().length())));
			return -1;
		}
		return (int) body.split("\"request\"", -1).length - 1;
	}

	private static synchronized void progress(int done, int total, long resources, long started) {
		int width = 40;
		int filled = (int) ((long) width * done / total);
		double seconds = (System.nanoTime() - started) / 1e9;
		System.err.printf("\r[%s%s] %d/%d patients, %d resources, %.0f resources/s", "#".repeat(filled),
				" ".repeat(width - filled), done, total, resources, resources / Math.max(seconds, 0.001));
	}

}
