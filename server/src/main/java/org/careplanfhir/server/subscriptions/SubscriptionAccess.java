package org.careplanfhir.server.subscriptions;

import java.util.List;
import java.util.Set;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * Who may ask after subscriptions: {@code $status} and {@code $events} need a scope that reads
 * Subscription, and answer of the caller's own subscriptions only ({@link SubscriptionOwnership}).
 * What an {@code $events} answer carries was already judged by the grant of the subscription's
 * creator when each event was numbered, and the caller is that creator.
 */
class SubscriptionAccess implements AccessPolicy {

	static final String STATUS = "$status";

	static final String EVENTS = "$events";

	private final SubscriptionOwnership ownership;

	SubscriptionAccess(SubscriptionOwnership ownership) {
		this.ownership = ownership;
	}

	@Override
	public Set<String> operations() {
		return Set.of(STATUS, EVENTS);
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
		Refusals.require(access, SubscriptionOwnership.SUBSCRIPTION, Permission.READ);
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		if (access.grants(SubscriptionOwnership.SUBSCRIPTION, Permission.READ)) {
			rules.allow().operation().named(STATUS).onType(org.hl7.fhir.r4.model.Subscription.class).andAllowAllResponses();
			rules.allow().operation().named(STATUS).onInstancesOfType(org.hl7.fhir.r4.model.Subscription.class)
				.andAllowAllResponses();
			rules.allow().operation().named(EVENTS).onInstancesOfType(org.hl7.fhir.r4.model.Subscription.class)
				.andAllowAllResponses();
		}
	}

	@Override
	public List<Object> guards() {
		return List.of(ownership);
	}

}
