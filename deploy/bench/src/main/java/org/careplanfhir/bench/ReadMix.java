package org.careplanfhir.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Read mixes over a loaded population, optionally against a second server in the same run.
 *
 * <p>{@code read-mix <ehr|insurer> <fhir-base> <population-folder> [clients] [seconds] [compare-base]}
 *
 * <ul>
 * <li>{@code ehr}: what an EHR asks about one patient: the active care plans with their goals and
 * care team ({@code _include}), the patient's open referrals, and {@code Patient/$everything}.</li>
 * <li>{@code insurer}: utilization questions over the whole population: referrals by status and
 * date ({@code _summary=count}), completed referral tasks, cases by specialty, coverages by payer.</li>
 * </ul>
 * With a compare base, every client alternates between the two servers request by request, so both
 * see the same load at the same moment on a shared machine, and the ratios are printed.
 */
final class ReadMix {

	private ReadMix() {
	}

	static void run(String[] args) throws Exception {
		String mix = args[0];
		List<String> bases = new ArrayList<>(List.of(args[1].replaceAll("/$", "")));
		Path population = Path.of(args[2]);
		int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
		int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
		if (args.length > 5) {
			bases.add(args[5].replaceAll("/$", ""));
		}
		List<String> patients = patientIds(population);
		Function<Random, List<String>> requests = switch (mix) {
			case "ehr" -> random -> ehrRequests(patients.get(random.nextInt(patients.size())));
			case "insurer" -> ReadMix::insurerRequests;
			default -> throw new IllegalArgumentException("mix is ehr or insurer, not " + mix);
		};

		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		List<List<Long>> latencies = new ArrayList<>();
		List<long[]> failures = new ArrayList<>();
		for (int b = 0; b < bases.size(); b++) {
			latencies.add(Collections.synchronizedList(new ArrayList<>()));
			failures.add(new long[1]);
		}
		runFor(Math.max(1, seconds / 6), clients, http, bases, requests, null, null); // warm-up
		long started = System.nanoTime();
		runFor(seconds, clients, http, bases, requests, latencies, failures);
		double elapsed = (System.nanoTime() - started) / 1e9;

		System.out.printf("%n| %s mix, %d clients, %.0f s | requests/s | p50 ms | p95 ms | p99 ms | failed |%n", mix,
				clients, elapsed);
		System.out.println("|---|---|---|---|---|---|");
		double[][] figures = new double[bases.size()][];
		for (int b = 0; b < bases.size(); b++) {
			List<Long> sorted = new ArrayList<>(latencies.get(b));
			Collections.sort(sorted);
			figures[b] = new double[] { sorted.size() / elapsed, percentile(sorted, 50), percentile(sorted, 95),
					percentile(sorted, 99) };
			System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %d |%n", bases.get(b), figures[b][0], figures[b][1],
					figures[b][2], figures[b][3], failures.get(b)[0]);
		}
		if (bases.size() == 2) {
			System.out.printf("| first ÷ second | %.2f× | %.2f× | %.2f× | %.2f× | |%n", figures[0][0] / figures[1][0],
					figures[0][1] / figures[1][1], figures[0][2] / figures[1][2], figures[0][3] / figures[1][3]);
		}
	}

	static List<String> ehrRequests(String patientId) {
		String patient = "Patient/" + patientId;
		return List.of("CarePlan?subject=" + patient + "&status=active&_include=CarePlan:goal&_include=CarePlan:care-team",
				"ServiceRequest?subject=" + patient + "&status=active,on-hold", patient + "/$everything?_count=100");
	}

	static List<String> insurerRequests(Random random) {
		int year = 2022 + random.nextInt(5);
		String[] statuses = { "active", "completed", "on-hold" };
		String[] specialties = { "nurse-cm", "medical-cm", "rehab-cm" };
		return List.of(
				"ServiceRequest?status=" + statuses[random.nextInt(3)] + "&authored=ge" + year + "-01-01&authored=lt"
						+ (year + 1) + "-01-01&_summary=count",
				"Task?code=http://hl7.org/fhir/CodeSystem/task-code|fulfill&status=completed&_summary=count",
				"EpisodeOfCare?specialty=http://careplan-fhir.org/fhir/CodeSystem/cm-specialty|"
						+ specialties[random.nextInt(3)] + "&status=active&_summary=count",
				"ServiceRequest?code=http://snomed.info/sct|444831000124102&_count=20");
	}

	private static void runFor(int seconds, int clients, HttpClient http, List<String> bases,
			Function<Random, List<String>> requests, List<List<Long>> latencies, List<long[]> failures)
			throws InterruptedException {
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		for (int c = 0; c < clients; c++) {
			Random random = new Random(c);
			pool.submit(() -> {
				while (System.nanoTime() < deadline) {
					for (String request : requests.apply(random)) {
						for (int b = 0; b < bases.size(); b++) {
							long start = System.nanoTime();
							int status = get(http, bases.get(b) + "/" + request);
							if (latencies != null) {
								latencies.get(b).add((System.nanoTime() - start) / 1_000);
								if (status != 200) {
									synchronized (failures) {
										failures.get(b)[0]++;
									}
								}
							}
						}
					}
				}
				return null;
			});
		}
		pool.shutdown();
		pool.awaitTermination(seconds + 300L, TimeUnit.SECONDS);
	}

	private static int get(HttpClient http, String url) {
		try {
			HttpRequest request = Requests.to(url.replace("|", URLEncoder.encode("|", StandardCharsets.UTF_8)))
				.header("Accept", "application/fhir+json")
				.timeout(Duration.ofSeconds(60))
				.GET()
				.build();
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception e) {
			return -1;
		}
	}

	/** Patient ids of a generated population, from its bundle file names and seed-prefixed ids. */
	private static List<String> patientIds(Path population) throws IOException {
		try (Stream<String> lines = Files.lines(population.resolve("ndjson/Patient.ndjson"))) {
			return lines.map(line -> line.replaceFirst("^.*?\"id\":\"([^\"]+)\".*$", "$1")).toList();
		}
	}

	private static double percentile(List<Long> sortedMicros, int p) {
		return sortedMicros.isEmpty() ? 0
				: sortedMicros.get(Math.min(sortedMicros.size() - 1, sortedMicros.size() * p / 100)) / 1000.0;
	}

}
