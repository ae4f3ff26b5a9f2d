package org.careplanfhir.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code measures <fhir-base> <referrals> [requests] [clients]}: an insurer's utilization report
 * over a population of {@code referrals} ServiceRequests. Loads, unless they are there, members with
 * a coverage (five payers) and a case (three specialties), eight referrals each (2022 to 2026, every
 * status, six services, three performer types, units authorised) and their tracking Tasks (first
 * service dates, units delivered); a second run with more referrals adds only the missing members.
 * Then evaluates {@code cm-referral-volume} (populations, units, five stratifiers) and
 * {@code cm-referral-time-to-service} (median and 90th percentile) over the five years, one request
 * at a time after a warm-up, with {@code Cache-Control: no-cache}: p50, p95 and p99 ms, and the
 * referrals the report counted.
 */
final class MeasureLatency {

	static final String SERVICES = "urn:careplan-bench:measure-services";

	private static final int REFERRALS_PER_MEMBER = 8;

	private static final String[] SERVICE = { "physio", "occupational", "home-health", "education", "nutrition", "social" };

	private static final String[] PERFORMER = { "36682004", "80546007", "224535009" };

	private static final String[] STATUS = { "active", "completed", "completed", "revoked", "on-hold", "completed",
			"active", "draft" };

	private static final String[] SPECIALTY = { "nurse-cm", "medical-cm", "rehab-cm" };

	private static final String[] SPECIALTY_DISPLAY = { "Nurse case management", "Medical case management",
			"Rehabilitation case management" };

	private static final ObjectMapper JSON = new ObjectMapper();

	private MeasureLatency() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		int referrals = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
		int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
		int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		int members = (referrals + REFERRALS_PER_MEMBER - 1) / REFERRALS_PER_MEMBER;
		load(http, base, members, clients);
		for (String measure : List.of("cm-referral-volume", "cm-referral-time-to-service")) {
			String url = base + "/Measure/" + measure + "/$evaluate-measure?periodStart=2022-01-01&periodEnd=2026-12-31";
			for (int i = 0; i < Math.min(20, requests); i++) {
				evaluate(http, url);
			}
			List<Long> micros = new ArrayList<>();
			int counted = 0;
			for (int i = 0; i < requests; i++) {
				long started = System.nanoTime();
				counted = evaluate(http, url);
				micros.add((System.nanoTime() - started) / 1_000);
			}
			Collections.sort(micros);
			System.out.printf("%s over %d referrals stored (%d counted in the period), %d requests one at a time:"
					+ " p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n", measure, members * REFERRALS_PER_MEMBER, counted, requests,
					percentile(micros, 50), percentile(micros, 95), percentile(micros, 99));
			Results.record("measures " + measure, base, "referrals", members * REFERRALS_PER_MEMBER, "p50_ms",
					percentile(micros, 50), "p95_ms", percentile(micros, 95), "p99_ms", percentile(micros, 99));
		}
	}

	private static double percentile(List<Long> sortedMicros, int percent) {
		return sortedMicros.get(Math.min(sortedMicros.size() - 1, sortedMicros.size() * percent / 100)) / 1000.0;
	}

	/** The referrals counted in the report's first population. */
	private static int evaluate(HttpClient http, String url) throws Exception {
		HttpResponse<String> response = http.send(Requests.to(url).header("Accept", "application/fhir+json")
			.header("Cache-Control", "no-cache").GET().build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body()).path("group").path(0).path("population").path(0).path("count").asInt();
	}

	/** Adds the members that are not there yet: the referrals already stored tell how many are. */
	private static void load(HttpClient http, String base, int members, int clients) throws Exception {
		HttpResponse<String> count = http.send(Requests.to(base + "/ServiceRequest?code=" + SERVICES + "%7C&_summary=count")
			.header("Accept", "application/fhir+json").GET().build(), HttpResponse.BodyHandlers.ofString());
		if (count.statusCode() != 200) {
			throw new IllegalStateException("counting referrals answered " + count.statusCode() + ": " + count.body());
		}
		int present = JSON.readTree(count.body()).path("total").asInt() / REFERRALS_PER_MEMBER;
		if (present >= members) {
			System.out.printf("%d members with %d referrals are there already%n", present, present * REFERRALS_PER_MEMBER);
			return;
		}
		post(http, base, shared());
		long started = System.nanoTime();
		AtomicInteger next = new AtomicInteger(present);
		AtomicInteger written = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<Void>> work = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				work.add(pool.submit(() -> {
					for (int k; (k = next.getAndIncrement()) < members;) {
						post(http, base, member(k));
						int done = written.incrementAndGet();
						if (done % 1000 == 0) {
							System.out.printf("  %d of %d members loaded%n", present + done, members);
						}
					}
					return null;
				}));
			}
			for (Future<Void> job : work) {
				job.get();
			}
		}
		finally {
			pool.shutdown();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf("loaded %d members (%d referrals) in %.0f s%n", members - present,
				(members - present) * REFERRALS_PER_MEMBER, seconds);
	}

	private static void post(HttpClient http, String base, String bundle) throws Exception {
		HttpResponse<String> response = http.send(Requests.to(base).header("Content-Type", "application/fhir+json")
			.header("Accept", "application/fhir+json").header("Prefer", "return=minimal")
			.POST(HttpRequest.BodyPublishers.ofString(bundle)).build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("a transaction answered " + response.statusCode() + ": " + response.body());
		}
	}

	private static String shared() {
		List<String> entries = new ArrayList<>();
		for (int p = 0; p < 5; p++) {
			entries.add(put("Organization", "mb-payer-" + p, "{\"resourceType\":\"Organization\",\"id\":\"mb-payer-" + p
					+ "\",\"active\":true,\"name\":\"Bench payer " + p + "\"}"));
		}
		for (int m = 0; m < 20; m++) {
			entries.add(put("Practitioner", "mb-cm-" + m, "{\"resourceType\":\"Practitioner\",\"id\":\"mb-cm-" + m
					+ "\",\"name\":[{\"family\":\"Manager " + m + "\"}]}"));
		}
		return bundle(entries);
	}

	/** One member: patient, coverage, case, eight referrals and their tracking tasks, all from k alone. */
	static String member(int k) {
		List<String> entries = new ArrayList<>();
		String patient = "mb-pat-" + k;
		entries.add(put("Patient", patient, "{\"resourceType\":\"Patient\",\"id\":\"" + patient + "\",\"name\":[{\"family\":"
				+ "\"Member " + k + "\"}],\"gender\":\"" + (k % 2 == 0 ? "female" : "male") + "\"}"));
		entries.add(put("Coverage", "mb-cov-" + k, "{\"resourceType\":\"Coverage\",\"id\":\"mb-cov-" + k + "\",\"status\":\"active\","
				+ "\"beneficiary\":{\"reference\":\"Patient/" + patient + "\"},\"payor\":[{\"reference\":\"Organization/mb-payer-"
				+ k % 5 + "\"}]}"));
		entries.add(put("EpisodeOfCare", "mb-case-" + k, "{\"resourceType\":\"EpisodeOfCare\",\"id\":\"mb-case-" + k
				+ "\",\"status\":\"active\",\"type\":[{\"coding\":[{\"system\":\"http://careplan-fhir.org/fhir/CodeSystem/cm-specialty\","
				+ "\"code\":\"" + SPECIALTY[k % 3] + "\",\"display\":\"" + SPECIALTY_DISPLAY[k % 3] + "\"}]}],\"patient\":"
				+ "{\"reference\":\"Patient/" + patient + "\"},\"period\":{\"start\":\"2021-06-01\"},\"careManager\":"
				+ "{\"reference\":\"Practitioner/mb-cm-" + k % 20 + "\"}}"));
		for (int j = 0; j < REFERRALS_PER_MEMBER; j++) {
			int n = k * REFERRALS_PER_MEMBER + j;
			String id = "mb-sr-" + k + "-" + j;
			String status = STATUS[(n * 7 + k) % STATUS.length];
			LocalDate authored = LocalDate.of(2022 + n % 5, 1 + (n * 5) % 12, 1 + (n * 11) % 28);
			int quantity = 4 + n % 9;
			entries.add(put("ServiceRequest", id, "{\"resourceType\":\"ServiceRequest\",\"id\":\"" + id + "\",\"extension\":[{\"url\":"
					+ "\"http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare\",\"valueReference\":{\"reference\":"
					+ "\"EpisodeOfCare/mb-case-" + k + "\"}}],\"status\":\"" + status + "\",\"intent\":\"order\",\"code\":{\"coding\":"
					+ "[{\"system\":\"" + SERVICES + "\",\"code\":\"" + SERVICE[n % SERVICE.length] + "\"}]},\"quantityQuantity\":"
					+ "{\"value\":" + quantity + ",\"unit\":\"visits\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
					+ "\"authoredOn\":\"" + authored + "\",\"performerType\":{\"coding\":[{\"system\":\"http://snomed.info/sct\","
					+ "\"code\":\"" + PERFORMER[n % PERFORMER.length] + "\"}]},\"insurance\":[{\"reference\":\"Coverage/mb-cov-" + k
					+ "\"}]}"));
			String task = switch (status) {
				case "completed" -> "completed";
				case "active", "on-hold" -> n % 3 == 0 ? "requested" : "in-progress";
				case "revoked" -> "cancelled";
				default -> null;
			};
			if (task != null) {
				String started = "requested".equals(task) || "cancelled".equals(task) ? ""
						: ",\"executionPeriod\":{\"start\":\"" + authored.plusDays(1 + n % 30) + "\"}";
				String output = "completed".equals(task) ? ",\"output\":[{\"type\":{\"coding\":[{\"system\":"
						+ "\"http://careplan-fhir.org/fhir/CodeSystem/cm-measure\",\"code\":\"units-delivered\"}]},\"valueQuantity\":"
						+ "{\"value\":" + (quantity - n % 3) + ",\"unit\":\"visits\"}}]" : "";
				entries.add(put("Task", "mb-task-" + k + "-" + j, "{\"resourceType\":\"Task\",\"id\":\"mb-task-" + k + "-" + j
						+ "\",\"status\":\"" + task + "\",\"intent\":\"order\",\"code\":{\"coding\":[{\"system\":"
						+ "\"http://hl7.org/fhir/CodeSystem/task-code\",\"code\":\"fulfill\"}]},\"focus\":{\"reference\":"
						+ "\"ServiceRequest/" + id + "\"},\"for\":{\"reference\":\"Patient/" + patient + "\"},\"authoredOn\":\""
						+ authored + "\"" + started + output + "}"));
			}
		}
		return bundle(entries);
	}

	private static String put(String type, String id, String resource) {
		return "{\"resource\":" + resource + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + type + "/" + id + "\"}}";
	}

	private static String bundle(List<String> entries) {
		return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + String.join(",", entries) + "]}";
	}

	static JsonNode parse(String json) throws Exception {
		return JSON.readTree(json);
	}

}
