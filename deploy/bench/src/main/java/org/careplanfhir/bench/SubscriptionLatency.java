package org.careplanfhir.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Notification latency and the cost of subscriptions to writes. A rest-hook receiver runs in this
 * process on loopback. The write-throughput load (rehabilitation and payer transactions, fresh ids)
 * runs, after a warm-up, in phases of the same length that alternate without and with
 * subscriptions (without, with, without, with, without, with, without); the ratio compares the
 * means, so that a server still warming up, or merging its index, weighs on both sides alike. With
 * them, {@code subscriptions} backport subscriptions are active: one unfiltered id-only
 * subscription per topic of ours (care plans, goals, referrals, care teams), which hears every such
 * resource the load writes, and the rest filtered, on every type of their topic, to patients the
 * load never writes, as EHRs following their own patients are: every change is judged against
 * every subscription. The latency of an event is from the moment the writer has the transaction's
 * answer (just after the commit) to the moment the receiver has the notification naming the
 * resource (just before it answers 200). After each phase with subscriptions the receiver waits
 * for the rest; an event never received is counted.
 */
final class SubscriptionLatency {

	private static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

	private static final List<String> TOPICS = List.of("care-plan-changes", "goal-changes", "referral-changes",
			"care-team-changes");

	private static final Pattern LOCATION = Pattern.compile("\"location\"\\s*:\\s*\"([A-Za-z]+/[^/\"]+)/_history/");

	private static final Pattern FOCUS = Pattern.compile("\"name\"\\s*:\\s*\"focus\"\\s*,\\s*\"valueReference\"\\s*:\\s*\\{\\s*\"reference\"\\s*:\\s*\"[^\"]*/fhir/([A-Za-z]+/[^/\"]+)\"");

	private static final List<String> HEARD_TYPES = List.of("CarePlan", "Goal", "ServiceRequest", "Task", "CareTeam");

	private SubscriptionLatency() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		int subscriptions = args.length > 1 ? Integer.parseInt(args[1]) : 100;
		int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
		int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
		String template = WriteThroughput.scenarioTemplate();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		Map<String, Long> notified = new ConcurrentHashMap<>();
		AtomicLong notifications = new AtomicLong();
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		ExecutorService receiverThreads = Executors.newFixedThreadPool(8);
		receiver.setExecutor(receiverThreads);
		receiver.createContext("/", exchange -> {
			long now = System.nanoTime();
			try (InputStream body = exchange.getRequestBody()) {
				Matcher focus = FOCUS.matcher(new String(body.readAllBytes(), StandardCharsets.UTF_8));
				while (focus.find()) {
					notified.putIfAbsent(focus.group(1), now);
				}
				notifications.incrementAndGet();
				exchange.sendResponseHeaders(200, -1);
			}
			finally {
				exchange.close();
			}
		});
		receiver.start();
		String endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
		try {
			// Warm-up outside the measurement: the server's first seconds of writes are its slowest.
			load(http, base, template, clients, Math.max(5, seconds), null);
			List<Double> withoutRates = new ArrayList<>();
			List<Double> withRates = new ArrayList<>();
			Map<String, Long> written = new ConcurrentHashMap<>();
			for (int round = 0; round < ROUNDS; round++) {
				withoutRates.add(load(http, base, template, clients, seconds, null));
				List<String> created = subscribe(http, base, endpoint, subscriptions);
				withRates.add(load(http, base, template, clients, seconds, written));
				drain(notified, written, Duration.ofSeconds(60));
				unsubscribe(http, base, created);
			}
			withoutRates.add(load(http, base, template, clients, seconds, null));

			List<Long> latencies = new ArrayList<>();
			long missing = 0;
			for (Map.Entry<String, Long> write : written.entrySet()) {
				Long arrived = notified.get(write.getKey());
				if (arrived == null) {
					missing++;
				}
				else {
					latencies.add(Math.max(0, (arrived - write.getValue()) / 1_000_000));
				}
			}
			Collections.sort(latencies);
			double without = mean(withoutRates);
			double with = mean(withRates);
			System.out.printf("%s: %d subscriptions (%d unfiltered), %d clients, %d s per phase%n", base, subscriptions,
					Math.min(subscriptions, TOPICS.size()), clients, seconds);
			System.out.printf("  writes without subscriptions %.1f resources/s %s, with %.1f resources/s %s: %.1f %%%n",
					without, rates(withoutRates), with, rates(withRates), 100 * with / without);
			System.out.printf("  %d events heard in %d notifications, %d never arrived; latency commit to receiver p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
					latencies.size(), notifications.get(), missing, WriteThroughput.percentile(latencies, 50),
					WriteThroughput.percentile(latencies, 95), WriteThroughput.percentile(latencies, 99),
					latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1));
			Results.record("subscriptions, " + subscriptions + " active, " + clients + " clients", base, "events",
					latencies.size(), "missing", missing, "p50_ms", WriteThroughput.percentile(latencies, 50), "p95_ms",
					WriteThroughput.percentile(latencies, 95), "p99_ms", WriteThroughput.percentile(latencies, 99),
					"writes_without_per_s", without, "writes_with_per_s", with, "ratio", with / without);
			if (missing > 0) {
				throw new IllegalStateException(missing + " events were never notified");
			}
		}
		finally {
			receiver.stop(0);
			receiverThreads.shutdownNow();
		}
	}

	/** Rounds of without-then-with, followed by a last phase without. */
	private static final int ROUNDS = 3;

	private static double mean(List<Double> rates) {
		return rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
	}

	private static String rates(List<Double> rates) {
		return rates.stream().map(rate -> String.format("%.1f", rate)).toList().toString();
	}

	/**
	 * The write-throughput load, answering resources stored per second; with {@code written}, records
	 * when each heard resource's write was answered.
	 */
	private static double load(HttpClient http, String base, String template, int clients, int seconds,
			Map<String, Long> written) throws InterruptedException {
		AtomicLong stored = new AtomicLong();
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		long started = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		for (int c = 0; c < clients; c++) {
			pool.submit(() -> {
				while (System.nanoTime() < deadline) {
					stored.addAndGet(post(http, base, WriteThroughput.fresh(template), written));
				}
				return null;
			});
		}
		pool.shutdown();
		pool.awaitTermination(seconds + 180L, TimeUnit.SECONDS);
		return stored.get() / ((System.nanoTime() - started) / 1e9);
	}

	/** Posts one transaction; answers how many resources it stored. */
	private static int post(HttpClient http, String base, String body, Map<String, Long> written) {
		try {
			HttpResponse<String> response = http.send(WriteThroughput.transaction(base, body),
					HttpResponse.BodyHandlers.ofString());
			long answered = System.nanoTime();
			if (response.statusCode() != 200) {
				return 0;
			}
			int count = 0;
			Matcher location = LOCATION.matcher(response.body());
			while (location.find()) {
				count++;
				String resource = location.group(1);
				if (written != null && HEARD_TYPES.contains(resource.substring(0, resource.indexOf('/')))) {
					written.put(resource, answered);
				}
			}
			return count;
		}
		catch (IOException | InterruptedException e) {
			return 0;
		}
	}

	private static List<String> subscribe(HttpClient http, String base, String endpoint, int count) throws Exception {
		List<String> ids = new ArrayList<>();
		for (int index = 0; index < count; index++) {
			String topic = TOPICS.get(index % TOPICS.size());
			String patient = "patient=Patient/not-in-this-load-" + index;
			// The referral topic is about ServiceRequest and Task: an EHR following its patients filters both.
			List<String> filters = index < TOPICS.size() ? List.of()
					: topic.equals("referral-changes") ? List.of("ServiceRequest?" + patient, "Task?" + patient)
							: List.of(patient);
			String filter = filters.isEmpty() ? ""
					: "\"_criteria\":{\"extension\":[" + String.join(",", filters.stream()
						.map(criteria -> "{\"url\":\"" + BACKPORT + "backport-filter-criteria\",\"valueString\":\"" + criteria
								+ "\"}")
						.toList()) + "]},";
			String subscription = "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"bench\","
					+ "\"criteria\":\"http://careplan-fhir.org/fhir/SubscriptionTopic/" + topic + "\"," + filter
					+ "\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\"" + endpoint + "/" + index + "\","
					+ "\"payload\":\"application/fhir+json\",\"_payload\":{\"extension\":[{\"url\":\"" + BACKPORT
					+ "backport-payload-content\",\"valueCode\":\"id-only\"}]}}}";
			HttpResponse<String> response = http.send(Requests.to(base + "/Subscription")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(subscription))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				throw new IllegalStateException("Subscription refused: " + response.statusCode() + " " + response.body());
			}
			Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
			ids.add(id.find() ? id.group(1) : null);
		}
		Thread.sleep(3000); // handshakes
		return ids;
	}

	private static void unsubscribe(HttpClient http, String base, List<String> ids) throws Exception {
		for (String id : ids) {
			http.send(Requests.to(base + "/Subscription/" + id).DELETE().build(), HttpResponse.BodyHandlers.discarding());
		}
	}

	/** Waits until every heard write was notified, or nothing new arrived for a while, or the limit passed. */
	private static void drain(Map<String, Long> notified, Map<String, Long> written, Duration limit)
			throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		int seen = -1;
		long quietSince = System.nanoTime();
		while (System.nanoTime() < deadline) {
			long waiting = written.keySet().stream().filter(key -> !notified.containsKey(key)).count();
			if (waiting == 0) {
				return;
			}
			if (notified.size() != seen) {
				seen = notified.size();
				quietSince = System.nanoTime();
			}
			else if (System.nanoTime() - quietSince > 10_000_000_000L) {
				return;
			}
			Thread.sleep(200);
		}
	}

}
