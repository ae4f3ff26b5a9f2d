package org.careplanfhir.server.subscriptions;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Topic-based subscriptions (Subscriptions R5 Backport IG, rest-hook).
 *
 * @param enabled whether Subscriptions are checked, numbered and delivered
 * @param allowHttpEndpoints whether an endpoint may be plain http; notifications carry health data,
 * so only https by default (tests and a laptop turn this on for loopback receivers)
 * @param defaultTimeout how long an endpoint has to answer when the subscription gives no
 * {@code backport-timeout}
 * @param deliveryThreads how many subscriptions are sent to at once (one subscription is always sent
 * in order, by one thread)
 * @param pollInterval how often changes and deliveries are looked for when no commit wakes them:
 * what another node wrote, retries that fell due, heartbeats
 * @param longestRetryDelay the longest wait between two tries of a failing endpoint; waits double from 1 s
 * @param eventRetention how long numbered events are kept for {@code $events} and for an endpoint that is down
 */
@Validated
@ConfigurationProperties("careplan.subscriptions")
record SubscriptionsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean allowHttpEndpoints,
		@NotNull @DefaultValue("10s") Duration defaultTimeout, @Min(1) @Max(64) @DefaultValue("4") int deliveryThreads,
		@NotNull @DefaultValue("1s") Duration pollInterval, @NotNull @DefaultValue("10m") Duration longestRetryDelay,
		@NotNull @DefaultValue("30d") Duration eventRetention) {
}
