package org.careplanfhir.server.conformance;

import java.util.Set;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

import org.springframework.stereotype.Component;

/**
 * {@code $validate} answers whether a resource could be written, so it needs the permission to
 * write the type ({@code c} or {@code u}); its answer is an OperationOutcome about the resource the
 * caller sent, shown whole.
 */
@Component
class ValidateOperationAccess implements AccessPolicy {

	private static final String VALIDATE = "$validate";

	@Override
	public Set<String> operations() {
		return Set.of(VALIDATE);
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
		if (!access.grants(type, Permission.CREATE) && !access.grants(type, Permission.UPDATE)) {
			throw Refusals.insufficientScope(type, "c' or 'u");
		}
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		rules.allow().operation().named(VALIDATE).onAnyType().andAllowAllResponses();
	}

}
