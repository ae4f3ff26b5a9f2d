package org.careplanfhir.server.subscriptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The topics this server offers: four of its own for the work a care team shares (care plans,
 * goals, referrals, care teams) and the two the Gravity SDOH Clinical Care guide names for its
 * referral exchange, with the triggers and filters that guide gives them.
 */
final class SubscriptionTopics {

	static final String BASE = "http://careplan-fhir.org/fhir/SubscriptionTopic/";

	static final String GRAVITY_BASE = "http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/";

	private static final Set<String> CREATE_OR_UPDATE = Set.of(SubscriptionTopic.CREATE, SubscriptionTopic.UPDATE);

	private static final Map<String, SubscriptionTopic> TOPICS = new LinkedHashMap<>();

	static {
		add(new SubscriptionTopic(BASE + "care-plan-changes", "A care plan is created or changed",
				Map.of("CarePlan", CREATE_OR_UPDATE),
				Map.of("CarePlan", List.of("patient", "category", "status", "_id")), Map.of()));
		add(new SubscriptionTopic(BASE + "goal-changes", "A goal is created or changed (its lifecycle or achievement)",
				Map.of("Goal", CREATE_OR_UPDATE),
				Map.of("Goal", List.of("patient", "lifecycle-status", "achievement-status", "_id")), Map.of()));
		add(new SubscriptionTopic(BASE + "referral-changes",
				"A referral (ServiceRequest) or its tracking Task is created or changed",
				Map.of("ServiceRequest", CREATE_OR_UPDATE, "Task", CREATE_OR_UPDATE),
				Map.of("ServiceRequest", List.of("patient", "status", "requester", "performer", "code", "_id"),
						"Task", List.of("patient", "status", "owner", "requester", "code", "focus", "_id")),
				Map.of()));
		add(new SubscriptionTopic(BASE + "care-team-changes", "A care team is formed or changes (members join or leave)",
				Map.of("CareTeam", CREATE_OR_UPDATE),
				Map.of("CareTeam", List.of("patient", "status", "participant", "category", "_id")), Map.of()));
		add(new SubscriptionTopic(GRAVITY_BASE + "Task",
				"Gravity SDOH Clinical Care: a referral Task (not a draft) is created or changed",
				Map.of("Task", CREATE_OR_UPDATE),
				Map.of("Task", List.of("code", "owner", "requester", "status", "patient", "_id")),
				Map.of("Task", "status:not=draft&intent=order")));
		add(new SubscriptionTopic(GRAVITY_BASE + "Servicerequest",
				"Gravity SDOH Clinical Care: a ServiceRequest is changed",
				Map.of("ServiceRequest", Set.of(SubscriptionTopic.UPDATE)),
				Map.of("ServiceRequest", List.of("_id", "patient", "status")), Map.of()));
	}

	/** Asked on every write: worked out once from the topics. */
	private static final Set<String> TRIGGERING_TYPES = TOPICS.values().stream()
		.flatMap(topic -> topic.resourceTypes().stream())
		.collect(Collectors.toUnmodifiableSet());

	private SubscriptionTopics() {
	}

	private static void add(SubscriptionTopic topic) {
		TOPICS.put(topic.canonical(), topic);
	}

	static List<SubscriptionTopic> all() {
		return List.copyOf(TOPICS.values());
	}

	/** The topic of this canonical URL; a version suffix ({@code |1.0}) is ignored. */
	static Optional<SubscriptionTopic> named(String canonical) {
		if (canonical == null) {
			return Optional.empty();
		}
		int bar = canonical.indexOf('|');
		return Optional.ofNullable(TOPICS.get(bar < 0 ? canonical : canonical.substring(0, bar)));
	}

	/** Whether any topic is triggered by writes of this type: only those are recorded as changes. */
	static boolean anyTriggeredBy(String type) {
		return TRIGGERING_TYPES.contains(type);
	}

}
