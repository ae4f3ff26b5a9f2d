package org.careplanfhir.server.caseload;

import java.util.Set;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import org.hl7.fhir.r4.model.Practitioner;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * Who may list a caseload: a token that reads cases (EpisodeOfCare). Whose caseload it may list is
 * checked by the operation, which knows the practitioner asked for; what the answer shows is held by
 * the operation to the records and patients the token reads, so its answer may be shown as it is.
 */
class CaseloadAccess implements AccessPolicy {

	@Override
	public Set<String> operations() {
		return Set.of(CaseloadOperation.NAME);
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
		if (type != null && !"Practitioner".equals(type)) {
			throw Refusals.because("$caseload runs on a Practitioner or at system level, not on " + type);
		}
		Refusals.require(access, "EpisodeOfCare", Permission.READ);
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		if (access.grants("EpisodeOfCare", Permission.READ)) {
			rules.allow().operation().named(CaseloadOperation.NAME).onInstancesOfType(Practitioner.class)
				.andAllowAllResponses();
			rules.allow().operation().named(CaseloadOperation.NAME).onServer().andAllowAllResponses();
		}
	}

}
