package org.careplanfhir.server.subscriptions;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.restassured.specification.RequestSpecification;

/** Backport Subscription requests as a client writes them, for the tests. */
public final class Subscriptions {

	public static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

	public static final String CARE_PLANS = "http://careplan-fhir.org/fhir/SubscriptionTopic/care-plan-changes";

	public static final String GOALS = "http://careplan-fhir.org/fhir/SubscriptionTopic/goal-changes";

	public static final String REFERRALS = "http://careplan-fhir.org/fhir/SubscriptionTopic/referral-changes";

	public static final String CARE_TEAMS = "http://careplan-fhir.org/fhir/SubscriptionTopic/care-team-changes";

	public static final String GRAVITY_TASK = "http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Task";

	private Subscriptions() {
	}

	/** A rest-hook subscription in JSON, with filters and any extra channel extensions (JSON objects). */
	public static String restHook(String topic, String endpoint, String content, List<String> filters, String... channelExtensions) {
		return restHook(topic, endpoint, "application/fhir+json", content, filters, List.of(), channelExtensions);
	}

	public static String restHook(String topic, String endpoint, String payload, String content, List<String> filters,
			List<String> headers, String... channelExtensions) {
		String filterJson = filters.stream()
			.map(f -> "{\"url\":\"" + BACKPORT + "backport-filter-criteria\",\"valueString\":\"" + f + "\"}")
			.collect(Collectors.joining(","));
		String headerJson = headers.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(","));
		return "{\"resourceType\":\"Subscription\",\"meta\":{\"profile\":[\"" + BACKPORT + "backport-subscription\"]},"
				+ "\"status\":\"requested\",\"reason\":\"test\",\"criteria\":\"" + topic + "\","
				+ (filters.isEmpty() ? "" : "\"_criteria\":{\"extension\":[" + filterJson + "]},")
				+ "\"channel\":{" + (channelExtensions.length == 0 ? ""
						: "\"extension\":[" + String.join(",", channelExtensions) + "],")
				+ "\"type\":\"rest-hook\","
				+ "\"endpoint\":\"" + endpoint + "\",\"payload\":\"" + payload + "\","
				+ (headers.isEmpty() ? "" : "\"header\":[" + headerJson + "],")
				+ "\"_payload\":{\"extension\":[{\"url\":\"" + BACKPORT + "backport-payload-content\",\"valueCode\":\""
				+ content + "\"}]}}}";
	}

	/** Waits until the stored Subscription has this status (the handshake answered, deliveries failing or recovering). */
	public static void awaitStatus(Supplier<RequestSpecification> fhir, String id, String status, Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		String seen = null;
		while (System.nanoTime() < deadline) {
			seen = fhir.get().get("/Subscription/" + id).then().statusCode(200).extract().path("status");
			if (status.equals(seen)) {
				return;
			}
			NotificationReceiver.sleep(100);
		}
		throw new AssertionError("Subscription/" + id + " stayed " + seen + ", expected " + status);
	}

	public static String heartbeatEvery(int seconds) {
		return "{\"url\":\"" + BACKPORT + "backport-heartbeat-period\",\"valueUnsignedInt\":" + seconds + "}";
	}

	public static String maxCount(int count) {
		return "{\"url\":\"" + BACKPORT + "backport-max-count\",\"valuePositiveInt\":" + count + "}";
	}

	public static String timeout(int seconds) {
		return "{\"url\":\"" + BACKPORT + "backport-timeout\",\"valueUnsignedInt\":" + seconds + "}";
	}

	public static String carePlan(String patient, String status) {
		return "{\"resourceType\":\"CarePlan\",\"status\":\"" + status + "\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
				+ patient + "\"}}";
	}

	public static String patient(String family) {
		return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
	}

}
