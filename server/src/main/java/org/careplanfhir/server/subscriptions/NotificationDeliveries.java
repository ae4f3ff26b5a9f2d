package org.careplanfhir.server.subscriptions;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.careplanfhir.server.subscriptions.Backport.Content;
import org.careplanfhir.server.subscriptions.Backport.NotificationType;
import org.careplanfhir.server.subscriptions.SubscriptionStore.Event;
import org.careplanfhir.server.subscriptions.SubscriptionStore.State;

/**
 * Sends what each subscription is owed, in order: first the handshake, then its events oldest first
 * in Bundles of at most {@code backport-max-count}, and a heartbeat when the channel has been quiet
 * for {@code backport-heartbeat-period}. One subscription is sent by one thread of one node at a time
 * (a lease in its row); a failed POST puts it in {@code error} and is retried with a growing delay,
 * from the first event not yet delivered, so every event is delivered at least once, in order.
 */
class NotificationDeliveries extends Worker {

	private static final Logger log = LoggerFactory.getLogger(NotificationDeliveries.class);

	/** Bundles sent in one turn for one subscription, so that one busy subscription does not hold a thread. */
	private static final int BUNDLES_PER_TURN = 50;

	private final SubscriptionStore store;

	private final SubscriptionCatalog catalog;

	private final NotificationBundles bundles;

	private final RestHookChannel channel;

	private final SubscriptionStatusWriter statusWriter;

	private final Duration longestRetryDelay;

	private final ExecutorService senders;

	private final Set<String> sending = ConcurrentHashMap.newKeySet();

	private final Duration eventRetention;

	/** Events past their retention are deleted at most this often. */
	private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(10);

	private Instant nextExpiry = Instant.now();

	NotificationDeliveries(SubscriptionStore store, SubscriptionCatalog catalog, NotificationBundles bundles,
			RestHookChannel channel, SubscriptionStatusWriter statusWriter, SubscriptionsProperties properties) {
		super("subscription-deliveries", properties.pollInterval());
		this.store = store;
		this.catalog = catalog;
		this.bundles = bundles;
		this.channel = channel;
		this.statusWriter = statusWriter;
		this.longestRetryDelay = properties.longestRetryDelay();
		this.eventRetention = properties.eventRetention();
		this.senders = Executors.newFixedThreadPool(properties.deliveryThreads(), runnable -> {
			Thread thread = new Thread(runnable, "subscription-sender");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public void stop() {
		super.stop();
		senders.shutdown();
		try {
			senders.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	protected void work() {
		Instant now = Instant.now();
		if (!now.isBefore(nextExpiry)) {
			int expired = store.expireEvents(now.minus(eventRetention));
			if (expired > 0) {
				log.info("Deleted {} subscription events older than {}", expired, eventRetention);
			}
			nextExpiry = now.plus(EXPIRY_INTERVAL);
		}
		for (State state : store.due(now)) {
			Optional<SubscriptionRequest> request = catalog.requestOf(state);
			if (request.isPresent() && owesSomething(state, request.get(), now) && sending.add(state.id())) {
				senders.execute(() -> {
					try {
						sendFor(state.id());
					}
					catch (RuntimeException failure) {
						log.warn("Subscription/{}: delivery failed: {}", state.id(), failure.toString());
					}
					finally {
						sending.remove(state.id());
					}
				});
			}
		}
	}

	private static boolean owesSomething(State state, SubscriptionRequest request, Instant now) {
		return !state.handshakeDone() || state.deliveredThrough() < state.eventsTotal()
				|| heartbeatDue(state, request, now);
	}

	private static boolean heartbeatDue(State state, SubscriptionRequest request, Instant now) {
		return request.heartbeatSeconds() > 0 && (state.lastSentAt() == null
				|| !state.lastSentAt().plusSeconds(request.heartbeatSeconds()).isAfter(now));
	}

	private void sendFor(String id) {
		Instant now = Instant.now();
		Optional<State> leased = store.lease(id, now, now.plus(Duration.ofMinutes(5)));
		if (leased.isEmpty()) {
			return;
		}
		try {
			State state = leased.get();
			for (int turn = 0; turn < BUNDLES_PER_TURN && state != null; turn++) {
				SubscriptionRequest request = catalog.requestOf(state).orElse(null);
				if (request == null || "off".equals(state.status())) {
					return;
				}
				state = sendNext(state, request).orElse(null);
			}
		}
		finally {
			store.release(id);
			// Events numbered while this one was sending were passed over as leased: look again now.
			wake();
		}
	}

	/** Sends the next thing owed; answers the state after it when it was sent and more may be owed. */
	private Optional<State> sendNext(State state, SubscriptionRequest request) {
		String topic = catalog.topicOf(state).orElse(request.topic().canonical());
		Instant now = Instant.now();
		if (!state.handshakeDone()) {
			Bundle handshake = bundles.notification(state, topic, NotificationType.HANDSHAKE, request.content(), List.of());
			return outcome(state, channel.post(request, handshake), () -> store.handshaken(state.id(), now));
		}
		if (state.deliveredThrough() < state.eventsTotal()) {
			List<Event> events = store.events(state.id(), state.deliveredThrough() + 1, state.eventsTotal(),
					request.maxCount());
			if (events.isEmpty()) {
				// Expired before they could be delivered: what remains is numbered after them.
				return store.delivered(state.id(), state.eventsTotal(), now);
			}
			State asSent = withStatus(state, "active");
			Bundle notification = bundles.notification(asSent, topic, NotificationType.EVENT_NOTIFICATION,
					request.content(), events);
			long through = events.get(events.size() - 1).number();
			return outcome(state, channel.post(request, notification), () -> store.delivered(state.id(), through, now));
		}
		if (heartbeatDue(state, request, now)) {
			Bundle heartbeat = bundles.notification(state, topic, NotificationType.HEARTBEAT, Content.EMPTY, List.of());
			outcome(state, channel.post(request, heartbeat),
					() -> store.delivered(state.id(), state.deliveredThrough(), now));
		}
		return Optional.empty();
	}

	/** After a POST: on success the state it leaves (with any events numbered meanwhile), else empty and a retry set. */
	private Optional<State> outcome(State state, Optional<String> failure, Supplier<Optional<State>> success) {
		if (failure.isEmpty()) {
			Optional<State> after = success.get();
			if (!"active".equals(state.status())) {
				statusWriter.write(state.id(), "active", null);
			}
			return after;
		}
		Duration delay = retryDelay(state.failures());
		store.failed(state.id(), failure.get(), Instant.now().plus(delay));
		log.info("Subscription/{}: {} (retrying in {} s)", state.id(), failure.get(), delay.toSeconds());
		if (!"error".equals(state.status())) {
			statusWriter.write(state.id(), "error", failure.get());
		}
		return Optional.empty();
	}

	/** 1, 2, 4, 8 ... seconds, up to the longest delay configured. */
	private Duration retryDelay(int failuresBefore) {
		long seconds = 1L << Math.min(failuresBefore, 20);
		return seconds > longestRetryDelay.toSeconds() ? longestRetryDelay : Duration.ofSeconds(seconds);
	}

	private static State withStatus(State state, String status) {
		return new State(state.id(), state.resourceVersion(), state.fhirBase(), status, state.handshakeDone(),
				state.grant(), state.eventsTotal(), state.deliveredThrough(), state.failures(), state.nextAttemptAt(),
				state.lastSentAt(), state.lastError());
	}

	static HttpClient httpClient() {
		return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

}
