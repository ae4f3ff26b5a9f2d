package org.careplanfhir.server.security.scopes;

import java.util.List;
import java.util.Set;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

import org.springframework.stereotype.Component;

/**
 * The security core's own policy, for the operations HAPI serves on every record: {@code $everything}
 * reads a patient's record and shows only what the token may read of it; {@code $meta} reads tags.
 */
@Component
class PatientRecordOperations implements AccessPolicy {

	private static final String EVERYTHING = "$everything";

	private static final String META = "$meta";

	@Override
	public Set<String> operations() {
		return Set.of(EVERYTHING, META);
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
		Refusals.require(access, type == null && META.equals(operation) ? SmartScope.ANY_TYPE : type, Permission.READ);
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		if (access.grantsUnconfined(Patient.class.getSimpleName(), Permission.READ)) {
			rules.allow().operation().named(EVERYTHING).onInstancesOfType(Patient.class)
				.andRequireExplicitResponseAuthorization();
			return;
		}
		List<IIdType> own = PatientCompartment.owners(access.confinedPatients("Patient", Permission.READ));
		if (!own.isEmpty()) {
			rules.allow().operation().named(EVERYTHING).onInstances(own).andRequireExplicitResponseAuthorization();
		}
	}

}
