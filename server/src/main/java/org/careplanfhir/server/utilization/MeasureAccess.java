package org.careplanfhir.server.utilization;

import java.util.Set;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Measure;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * Who may evaluate a Measure and edit attribution Groups. An evaluation needs to read the Measure;
 * it then counts only the records the caller's scopes reach (checked by the operation itself, which
 * knows what the Measure counts), so its report may be shown whatever it is about. Editing a Group's
 * members needs the right to update the Group, which the write itself checks again.
 */
class MeasureAccess implements AccessPolicy {

	@Override
	public Set<String> operations() {
		return Set.of(EvaluateMeasureOperation.NAME, AttributionOperations.ADD, AttributionOperations.REMOVE);
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
		if (EvaluateMeasureOperation.NAME.equals(operation)) {
			Refusals.require(access, "Measure".equals(type) ? type : null, Permission.READ);
		}
		else {
			Refusals.require(access, "Group".equals(type) ? type : null, Permission.UPDATE);
		}
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		if (access.grants("Measure", Permission.READ)) {
			rules.allow().operation().named(EvaluateMeasureOperation.NAME).onInstancesOfType(Measure.class)
				.andAllowAllResponses();
		}
		if (access.grants("Group", Permission.UPDATE)) {
			rules.allow().operation().named(AttributionOperations.ADD).onInstancesOfType(Group.class)
				.andRequireExplicitResponseAuthorization();
			rules.allow().operation().named(AttributionOperations.REMOVE).onInstancesOfType(Group.class)
				.andRequireExplicitResponseAuthorization();
		}
	}

}
