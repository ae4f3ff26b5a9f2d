package org.careplanfhir.server.terminology;

import java.util.HashSet;
import java.util.Set;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

import org.springframework.stereotype.Component;

/**
 * What the terminology operations require: looking up, expanding, translating or checking codes
 * reveals terminology and nobody's data, so read access to the type (to ValueSet at system level)
 * is enough and the answer is shown whole. Loading a code system changes terminology for everyone,
 * so it needs {@code system/CodeSystem.cu}.
 */
@Component
class TerminologyAccess implements AccessPolicy {

	private static final Set<String> LOOKUPS = Set.of("$expand", "$lookup", "$validate-code", "$subsumes", "$translate");

	private static final String CODE_SYSTEM = "CodeSystem";

	@Override
	public Set<String> operations() {
		Set<String> operations = new HashSet<>(LOOKUPS);
		operations.addAll(TerminologyLoads.OPERATIONS);
		return operations;
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
		if (LOOKUPS.contains(operation)) {
			Refusals.require(access, type == null ? "ValueSet" : type, Permission.READ);
		}
		else if (!access.grantsUnconfined(CODE_SYSTEM, Permission.CREATE)
				|| !access.grantsUnconfined(CODE_SYSTEM, Permission.UPDATE)) {
			throw Refusals.because("Loading a code system needs system/CodeSystem.cu: it changes terminology for everyone");
		}
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		LOOKUPS.forEach(name -> rules.allow().operation().named(name).atAnyLevel().andAllowAllResponses());
	}

}
