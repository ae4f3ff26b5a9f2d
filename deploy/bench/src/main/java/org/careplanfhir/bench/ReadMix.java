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
import java.util.Map;
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
 * <br>{@code read-mix app <fhir-base> <population-folder> <clients> <seconds> <admin-user:password>}
 *
 * <ul>
 * <li>{@code ehr}: what an EHR asks about one patient: the active care plans with their goals and
 * care team ({@code _include}), the patient's open referrals, and {@code Patient/$everything}.</li>
 * <li>{@code insurer}: utilization questions over the whole population: referrals by status and
 * year ({@code _summary=count}), completed referral tasks, cases by specialty, a page of referrals by
 * SNOMED CT code.</li>
 * <li>{@code app}: a patient's SMART app, with that patient's own token ({@code patient/*.rs}):
 * the patient, active care plans with goals, goals, recent referrals, {@code $everything}. Instead
 * of a compare base it takes an administrator's {@code user:password}, to register the app and
 * sign in as 20 patients of the population (Careplan FHIR Server only).</li>
 * </ul>
 * A mix name ending in {@code -fresh} ({@code ehr-fresh}, {@code insurer-fresh}) sends every request
 * with {@code Cache-Control: no-cache}, which both Careplan's read cache and HAPI's search reuse
 * honour: it measures the search engine rather than the caches.
 *
 * <p>With a compare base the servers are measured two ways. Latency: every client alternates
 * between the two servers request by request, so both see the same load at the same moment on a
 * shared machine. Throughput: each server alone, in alternating rounds (three each), so a noisy
 * minute hurts both, with the other server stopped meanwhile when {@code CAREPLAN_BENCH_PIDS} names
 * both processes ({@link OtherServersPaused}). The ratios are printed.
 */
final class ReadMix {

	private static final int APP_PATIENTS = 20;

	private ReadMix() {
	}

	static void run(String[] args) throws Exception {
		String mix = args[0];
		boolean fresh = mix.endsWith("-fresh");
		String kind = fresh ? mix.substring(0, mix.length() - "-fresh".length()) : mix;
		List<String> bases = new ArrayList<>(List.of(args[1].replaceAll("/$", "")));
		Path population = Path.of(args[2]);
		int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
		int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
		List<String> patients = patientIds(population);
		Function<Random, List<Call>> requests;
		switch (kind) {
			case "ehr" -> requests = random -> anyToken(ehrRequests(patients.get(random.nextInt(patients.size()))));
			case "insurer" -> requests = random -> anyToken(insurerRequests(random));
			case "app" -> {
				if (args.length < 6) {
					throw new IllegalArgumentException("the app mix needs an administrator's user:password");
				}
				Map<String, String> tokens = new SmartPatientTokens(bases.get(0), args[5])
					.forPatients(patients.subList(0, Math.min(APP_PATIENTS, patients.size())));
				List<String> signedIn = List.copyOf(tokens.keySet());
				requests = random -> {
					String patient = signedIn.get(random.nextInt(signedIn.size()));
					return appRequests(patient).stream().map(path -> new Call(path, tokens.get(patient))).toList();
				};
			}
			default -> throw new IllegalArgumentException("mix is ehr, insurer or app (optionally -fresh), not " + mix);
		}
		if (args.length > 5 && !"app".equals(kind)) {
			bases.add(args[5].replaceAll("/$", ""));
		}

		Runner runner = new Runner(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), clients,
				requests, fresh);
		int round = Math.max(1, seconds / 6);
		runner.run(round, bases); // warm-up
		Measured together = runner.run(seconds, bases);
		double[] throughput = new double[bases.size()];
		if (bases.size() == 1) {
			throughput[0] = together.requests(0) / together.seconds();
		}
		else {
			long[] requestsAlone = new long[bases.size()];
			double[] secondsAlone = new double[bases.size()];
			for (int r = 0; r < 3; r++) {
				for (int b = 0; b < bases.size(); b++) {
					try (OtherServersPaused others = OtherServersPaused.allBut(b, bases.size())) {
						Measured alone = runner.run(round, List.of(bases.get(b)));
						requestsAlone[b] += alone.requests(0);
						secondsAlone[b] += alone.seconds();
					}
				}
			}
			for (int b = 0; b < bases.size(); b++) {
				throughput[b] = requestsAlone[b] / secondsAlone[b];
			}
		}

		String scenario = mix + " mix, " + clients + " clients";
		System.out.printf("%n| %s, %.0f s | requests/s%s | p50 ms | p95 ms | p99 ms | failed |%n", scenario,
				together.seconds(), bases.size() > 1 ? " (each alone)" : "");
		System.out.println("|---|---|---|---|---|---|");
		double[][] figures = new double[bases.size()][];
		for (int b = 0; b < bases.size(); b++) {
			List<Long> sorted = new ArrayList<>(together.latencies().get(b));
			Collections.sort(sorted);
			figures[b] = new double[] { throughput[b], percentile(sorted, 50), percentile(sorted, 95),
					percentile(sorted, 99) };
			System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %d |%n", bases.get(b), figures[b][0], figures[b][1],
					figures[b][2], figures[b][3], together.failures()[b]);
			Results.record(scenario, bases.get(b), "requests_per_s", figures[b][0], "p50_ms", figures[b][1], "p95_ms",
					figures[b][2], "p99_ms", figures[b][3], "failed", together.failures()[b]);
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

	/** What a patient's app shows: everything is narrowed to that patient by the token itself. */
	static List<String> appRequests(String patientId) {
		return List.of("Patient/" + patientId, "CarePlan?status=active&_include=CarePlan:goal",
				"Goal?lifecycle-status=active,completed", "ServiceRequest?_sort=-authored&_count=10",
				"Patient/" + patientId + "/$everything?_count=100");
	}

	static List<String> insurerRequests(Random random) {
		int year = 2022 + random.nextInt(5);
		String[] statuses = { "active", "completed", "on-hold" };
		String[] specialties = { "nurse-cm", "medical-cm", "rehab-cm" };
		return List.of(
				// A year asked as one value, which both servers read as the whole year. Asked as
				// ge<year>&le<year> (the same year under FHIR's rules, as Careplan answers it), the
				// stock starter counted nothing, so the two servers did not do the same work.
				"ServiceRequest?status=" + statuses[random.nextInt(3)] + "&authored=" + year + "&_summary=count",
				"Task?code=http://hl7.org/fhir/CodeSystem/task-code|fulfill&status=completed&_summary=count",
				"EpisodeOfCare?specialty=http://careplan-fhir.org/fhir/CodeSystem/cm-specialty|"
						+ specialties[random.nextInt(3)] + "&status=active&_summary=count",
				"ServiceRequest?code=http://snomed.info/sct|444831000124102&_count=20");
	}

	/** Latencies (µs) and failures per server of one timed run. */
	record Measured(double seconds, List<List<Long>> latencies, long[] failures) {

		long requests(int server) {
			return latencies.get(server).size();
		}

	}

	/** Clients that send the mix's requests to each of the given servers in turn, for a time. */
	private record Runner(HttpClient http, int clients, Function<Random, List<Call>> requests, boolean fresh) {

		Measured run(int seconds, List<String> bases) throws InterruptedException {
			List<List<Long>> latencies = new ArrayList<>();
			for (int b = 0; b < bases.size(); b++) {
				latencies.add(Collections.synchronizedList(new ArrayList<>()));
			}
			long[] failures = new long[bases.size()];
			long started = System.nanoTime();
			long deadline = started + seconds * 1_000_000_000L;
			ExecutorService pool = Executors.newFixedThreadPool(clients);
			for (int c = 0; c < clients; c++) {
				Random random = new Random(c);
				pool.submit(() -> {
					while (System.nanoTime() < deadline) {
						for (Call call : requests.apply(random)) {
							for (int b = 0; b < bases.size(); b++) {
								long start = System.nanoTime();
								int status = get(bases.get(b) + "/" + call.path(), call.token());
								latencies.get(b).add((System.nanoTime() - start) / 1_000);
								if (status != 200) {
									synchronized (failures) {
										failures[b]++;
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
			return new Measured((System.nanoTime() - started) / 1e9, latencies, failures);
		}

		private int get(String url, String token) {
			try {
				HttpRequest.Builder builder = Requests
					.to(url.replace("|", URLEncoder.encode("|", StandardCharsets.UTF_8)));
				if (token != null) {
					builder.setHeader("Authorization", "Bearer " + token);
				}
				if (fresh) {
					builder.header("Cache-Control", "no-cache");
				}
				HttpRequest request = builder.header("Accept", "application/fhir+json")
					.timeout(Duration.ofSeconds(60))
					.GET()
					.build();
				return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			}
			catch (Exception e) {
				return -1;
			}
		}

	}

	private static List<Call> anyToken(List<String> paths) {
		return paths.stream().map(path -> new Call(path, null)).toList();
	}

	/** One request; a null token means the bench's own ({@link Requests}). */
	record Call(String path, String token) {
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
