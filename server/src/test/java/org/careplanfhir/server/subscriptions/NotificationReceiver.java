package org.careplanfhir.server.subscriptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;

/**
 * A rest-hook endpoint on loopback: a real HTTP server that keeps every POST it gets (headers and
 * body, with the instant it arrived) and answers 200, or the status it is told to answer for a
 * while, as an EHR's receiver that is down would.
 */
public final class NotificationReceiver implements AutoCloseable {

	/** One POST as received. */
	public record Received(String path, Map<String, List<String>> headers, String body, Instant at) {

		public String header(String name) {
			return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
				.map(e -> e.getValue().get(0)).findFirst().orElse(null);
		}

		public JsonPath json() {
			return new JsonPath(body);
		}

		/** The status Parameters' value of a parameter, e.g. {@code type} or {@code status}. */
		public String status(String name) {
			return json().getString("entry[0].resource.parameter.find { it.name == '" + name + "' }.valueCode");
		}

		public String eventsSinceStart() {
			return json().getString("entry[0].resource.parameter.find { it.name == 'events-since-subscription-start' }.valueString");
		}

		public List<String> eventNumbers() {
			return json().getList("entry[0].resource.parameter.findAll { it.name == 'notification-event' }.part.flatten().findAll { it.name == 'event-number' }.valueString");
		}

		public List<String> focuses() {
			return json().getList("entry[0].resource.parameter.findAll { it.name == 'notification-event' }.part.flatten().findAll { it.name == 'focus' }.valueReference.reference");
		}

	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile int failWith;

	private final AtomicInteger refused = new AtomicInteger();

	public NotificationReceiver() {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		server.createContext("/", exchange -> {
			try (InputStream body = exchange.getRequestBody()) {
				String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
				int status = failWith;
				if (status == 0) {
					received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
							text, Instant.now()));
					status = 200;
				}
				else {
					refused.incrementAndGet();
				}
				exchange.sendResponseHeaders(status, -1);
			}
			finally {
				exchange.close();
			}
		});
		server.start();
	}

	/** The endpoint URL for one subscription's notifications (a path of its own per test). */
	public String endpoint(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
	}

	/** From now on every POST is answered with this status (and not kept); 0 to accept again. */
	public void failWith(int status) {
		this.failWith = status;
	}

	int refusedCount() {
		return refused.get();
	}

	public List<Received> at(String path) {
		return received.stream().filter(r -> r.path().equals("/" + path)).toList();
	}

	/** Waits until at least {@code count} POSTs to the path match, and answers all that match. */
	public List<Received> await(String path, Predicate<Received> which, int count, Duration within) {
		Instant deadline = Instant.now().plus(within);
		List<Received> matching = new ArrayList<>();
		while (Instant.now().isBefore(deadline)) {
			matching = at(path).stream().filter(which).toList();
			if (matching.size() >= count) {
				return matching;
			}
			sleep(50);
		}
		throw new AssertionError("Expected " + count + " notifications at /" + path + " within " + within + ", got "
				+ matching.size() + ": " + at(path).stream().map(Received::body).toList());
	}

	public static Predicate<Received> ofType(String type) {
		return received -> type.equals(received.status("type"));
	}

	public static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
