package org.careplanfhir.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import org.careplanfhir.profiles.CaseManagementPackage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Write throughput: each client posts transactions of the rehabilitation and payer scenarios (a
 * patient with case, team, goals, referrals, plan and coverage), every one with fresh ids, for a
 * fixed time. Reports resources stored per second and transaction latency percentiles.
 * <p>
 * Entries point at each other by placeholder ({@code urn:uuid:}), or, with {@code conditional}, as
 * an EHR's push often does: the patient by its medical record number ({@code Patient?identifier=}),
 * the patient itself a conditional create on that number, all in the same transaction.
 */
final class WriteThroughput {

	private static final Pattern LOCAL_REFERENCE = Pattern.compile("\"reference\"\\s*:\\s*\"([A-Za-z]+/[a-z0-9-]+)\"");

	/** The identifier system of the medical record numbers the conditional scenario finds patients by. */
	static final String RECORD_NUMBERS = "urn:careplan-bench:mrn";

	private WriteThroughput() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
		int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
		boolean conditional = args.length > 3 && args[3].equals("conditional");
		if (args.length > 3 && !conditional && !args[3].equals("placeholders")) {
			throw new IllegalArgumentException("references are 'placeholders' or 'conditional', not " + args[3]);
		}
		String template = scenarioTemplate(conditional);
		int resourcesPerTransaction = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, template).getEntry().size();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

		post(http, base, fresh(template)); // warm-up outside the measurement
		AtomicLong stored = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		List<Long> latenciesMs = Collections.synchronizedList(new ArrayList<>());
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		long started = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			for (int c = 0; c < clients; c++) {
				pool.submit(() -> {
					while (System.nanoTime() < deadline) {
						long t0 = System.nanoTime();
						int status = post(http, base, fresh(template));
						latenciesMs.add((System.nanoTime() - t0) / 1_000_000);
						if (status == 200) {
							stored.addAndGet(resourcesPerTransaction);
						}
						else {
							failed.incrementAndGet();
						}
					}
					return null;
				});
			}
		}
		finally {
			pool.shutdown();
			pool.awaitTermination(seconds + 180L, TimeUnit.SECONDS);
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		List<Long> sorted = new ArrayList<>(latenciesMs);
		Collections.sort(sorted);
		System.out.printf("%s: %d clients, %.0f s, %d resources per transaction, references %s%n", base, clients,
				elapsed, resourcesPerTransaction, conditional ? "conditional" : "placeholders");
		System.out.printf("  %.1f resources/s, %.2f transactions/s, %d failed; latency p50 %d ms, p95 %d ms, p99 %d ms%n",
				stored.get() / elapsed, sorted.size() / elapsed, failed.get(), percentile(sorted, 50),
				percentile(sorted, 95), percentile(sorted, 99));
		Results.record("write-throughput, " + clients + " clients" + (conditional ? ", conditional" : ""), base,
				"resources_per_s", stored.get() / elapsed, "p50_ms", percentile(sorted, 50), "p95_ms",
						percentile(sorted, 95), "p99_ms", percentile(sorted, 99), "failed",
						failed.get());
	}

	/** The rehabilitation and payer examples as one transaction of POSTs with placeholder ids. */
	static String scenarioTemplate() throws Exception {
		return scenarioTemplate(false);
	}

	/**
	 * The same transaction; with {@code conditional}, the patient found by its record number instead
	 * of its placeholder (a {@code {Mrn/...}} slot that {@link #fresh} fills like the ids).
	 */
	static String scenarioTemplate(boolean conditional) throws Exception {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Resource example : CaseManagementPackage.get().examples()) {
			String id = example.getIdElement().getIdPart();
			if (id.startsWith("rehab-") || id.startsWith("payer-")) {
				Resource copy = example.copy();
				copy.setId((String) null);
				Bundle.BundleEntryRequestComponent request = transaction.addEntry()
					.setFullUrl("urn:uuid:{" + example.fhirType() + "/" + id + "}")
					.setResource(copy)
					.getRequest()
					.setMethod(Bundle.HTTPVerb.POST)
					.setUrl(example.fhirType());
				if (conditional && copy instanceof Patient patient) {
					patient.addIdentifier().setSystem(RECORD_NUMBERS).setValue(recordNumberSlot(id));
					request.setIfNoneExist(byRecordNumber(id));
				}
			}
		}
		String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(transaction);
		Matcher references = LOCAL_REFERENCE.matcher(json);
		return references.replaceAll(match -> {
			String target = match.group(1);
			String reference = conditional && target.startsWith("Patient/")
					? "Patient?" + byRecordNumber(target.substring("Patient/".length()))
					: "urn:uuid:{" + target + "}";
			return Matcher.quoteReplacement("\"reference\":\"" + reference + "\"");
		});
	}

	/** Where {@link #fresh} puts the record number of the example patient with this id. */
	private static String recordNumberSlot(String patientId) {
		return "{Mrn/" + patientId + "}";
	}

	/** The search that finds the example patient with this id by its record number. */
	private static String byRecordNumber(String patientId) {
		return "identifier=" + RECORD_NUMBERS + "|" + recordNumberSlot(patientId);
	}

	/** The template with a new UUID for every placeholder, so each transaction stores new resources. */
	static String fresh(String template) {
		Map<String, String> ids = new java.util.HashMap<>();
		return Pattern.compile("\\{([A-Za-z]+/[a-z0-9-]+)\\}")
			.matcher(template)
			.replaceAll(match -> ids.computeIfAbsent(match.group(1), key -> UUID.randomUUID().toString()));
	}

	/** A transaction POSTed to the base, answered minimally (each entry's status and location). */
	static HttpRequest transaction(String base, String body) {
		return Requests.to(base)
			.header("Content-Type", "application/fhir+json")
			.header("Prefer", "return=minimal")
			.timeout(Duration.ofSeconds(120))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static int post(HttpClient http, String base, String body) {
		try {
			return http.send(transaction(base, body), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception e) {
			return -1;
		}
	}

	static long percentile(List<Long> sorted, int p) {
		return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
	}

}
