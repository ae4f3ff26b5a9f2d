package org.careplanfhir.server.security.scopes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * The access policies the capabilities contribute, asked by the scope gate and the compartment
 * rules. Fails closed: an operation no policy names needs a {@code system/} scope with every
 * permission, as maintenance operations ({@code $reindex}, {@code $expunge}, {@code $meta-add} ...)
 * act on everyone's data.
 */
final class ContributedPolicies {

	private final List<AccessPolicy> policies;

	private final Map<String, AccessPolicy> byOperation = new HashMap<>();

	ContributedPolicies(List<AccessPolicy> policies) {
		this.policies = List.copyOf(policies);
		for (AccessPolicy policy : policies) {
			for (String operation : policy.operations()) {
				AccessPolicy other = byOperation.putIfAbsent(operation, policy);
				if (other != null) {
					throw new IllegalStateException(operation + " has two access policies: "
							+ other.getClass().getName() + " and " + policy.getClass().getName());
				}
			}
		}
	}

	void checkInvocation(FhirAccess access, String operation, String type) {
		AccessPolicy policy = byOperation.get(operation);
		if (policy != null) {
			policy.checkInvocation(operation, type, access);
			return;
		}
		String target = type == null ? SmartScope.ANY_TYPE : type;
		for (Permission permission : Permission.values()) {
			if (!access.grantsUnconfined(target, permission)) {
				throw Refusals.because("The " + operation + " operation needs a system/ scope with every permission on "
						+ target + ": no capability declares narrower access to it");
			}
		}
	}

	boolean decideReadsOf(String type, FhirAccess access) {
		return policies.stream().anyMatch(policy -> policy.decidesReadsOf(type, access));
	}

	void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		policies.forEach(policy -> policy.allowResponses(rules, access));
	}

	List<Object> guards() {
		return policies.stream().flatMap(policy -> policy.guards().stream()).toList();
	}

}
