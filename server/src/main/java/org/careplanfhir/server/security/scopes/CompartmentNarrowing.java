package org.careplanfhir.server.security.scopes;

import java.util.Set;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.web.RequestPipeline;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * Narrows a confined token's searches to its patients before they run ({@code CarePlan?status=active}
 * becomes {@code CarePlan?status=active&patient=A}), so that a search answers with the caller's
 * data instead of failing on someone else's.
 */
@Interceptor(order = RequestPipeline.COMPARTMENT_CHECKS)
class CompartmentNarrowing extends SearchNarrowingInterceptor {

	/** Narrowing to no patient at all: a compartment no resource is in. */
	private static final String NOBODY = PatientCompartment.NAME + "/careplan-no-patient";

	private final FhirAccessResolver accessResolver;

	private final PatientCompartment compartment;

	CompartmentNarrowing(FhirAccessResolver accessResolver, PatientCompartment compartment) {
		this.accessResolver = accessResolver;
		this.compartment = compartment;
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		String type = request.getResourceName();
		if (type == null || !compartment.contains(type)) {
			return null;
		}
		FhirAccess access = accessResolver.of(request);
		if (access.grantsUnconfined(type, Permission.SEARCH)) {
			return null;
		}
		Set<String> patients = access.confinedPatients(type, Permission.SEARCH);
		AuthorizedList allowed = new AuthorizedList();
		if (patients.isEmpty()) {
			return allowed.addCompartment(NOBODY);
		}
		patients.forEach(id -> allowed.addCompartment(PatientCompartment.NAME + "/" + id));
		return allowed;
	}

}
