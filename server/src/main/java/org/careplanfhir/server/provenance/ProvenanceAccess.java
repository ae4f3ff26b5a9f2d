package org.careplanfhir.server.provenance;

import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * A patient's or case manager's token may be shown the Provenance of its patients' records. HAPI's
 * compartment rules place a Provenance in a patient's record only when it targets the Patient
 * itself (R4's {@code patient} parameter); ours also name, in {@code cm-provenance-patient}, the
 * patients of every record they target, which the package's {@code patient} parameter reads. So a
 * confined token that reads Provenance is also shown those whose {@code patient} is one of its
 * patients, judged by that parameter, and those of what its patients did themselves (their
 * {@code agent}), and no other.
 */
class ProvenanceAccess implements AccessPolicy {

	static final String PROVENANCE = "Provenance";

	@Override
	public Set<String> operations() {
		return Set.of();
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		Set<String> patients = access.confinedPatients(PROVENANCE, Permission.READ);
		if (!patients.isEmpty()) {
			String references = patients.stream().map(patient -> "Patient/" + patient).sorted()
				.collect(Collectors.joining(","));
			rules.allow().read().resourcesOfType(PROVENANCE).withFilter("patient=" + references);
			// What the patients did themselves (a subscription they made): $everything finds it by its agent.
			rules.allow().read().resourcesOfType(PROVENANCE).withFilter("agent=" + references);
		}
	}

}
