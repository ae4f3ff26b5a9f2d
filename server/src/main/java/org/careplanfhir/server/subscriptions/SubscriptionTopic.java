package org.careplanfhir.server.subscriptions;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One topic a client may subscribe to: which resource types' creates and updates trigger it, what
 * else a resource must be to trigger it, and the filters a subscriber may narrow it with, per type.
 *
 * @param canonical the topic's canonical URL, what a Subscription names in {@code criteria}
 * @param title what it is about, for the documentation and the CapabilityStatement
 * @param triggers per resource type, the interactions that trigger it ({@code create}, {@code update})
 * @param filters per resource type, the search parameters a {@code backport-filter-criteria} may use
 * @param triggerCriteria per resource type, a query a resource must match to trigger the topic
 */
record SubscriptionTopic(String canonical, String title, Map<String, Set<String>> triggers,
		Map<String, List<String>> filters, Map<String, String> triggerCriteria) {

	static final String CREATE = "create";

	static final String UPDATE = "update";

	boolean triggeredBy(String type, String interaction) {
		return triggers.getOrDefault(type, Set.of()).contains(interaction);
	}

	Set<String> resourceTypes() {
		return triggers.keySet();
	}

	boolean allowsFilter(String type, String parameter) {
		return filters.getOrDefault(type, List.of()).contains(parameter);
	}

}
