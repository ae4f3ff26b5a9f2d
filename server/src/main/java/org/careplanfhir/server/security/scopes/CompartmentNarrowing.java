package org.careplanfhir.server.security.scopes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
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
 * data instead of failing on someone else's. HAPI narrows the types of R4's compartment; the types
 * case management adds to it (Task) are narrowed here by the parameter that ties them to a patient.
 */
@Interceptor(order = RequestPipeline.COMPARTMENT_CHECKS)
class CompartmentNarrowing extends SearchNarrowingInterceptor {

	/** Narrowing to no patient at all: a compartment no resource is in. */
	private static final String NOBODY = PatientCompartment.NAME + "/careplan-no-patient";

	private final FhirAccessResolver accessResolver;

	private final PatientCompartment compartment;

	private final FhirContext fhirContext;

	CompartmentNarrowing(FhirAccessResolver accessResolver, PatientCompartment compartment, FhirContext fhirContext) {
		this.accessResolver = accessResolver;
		this.compartment = compartment;
		this.fhirContext = fhirContext;
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		String type = request.getResourceName();
		if (type == null || !inR4Compartment(type)) {
			return null;
		}
		Set<String> patients = confinedPatients(request, type);
		if (patients == null) {
			return null;
		}
		AuthorizedList allowed = new AuthorizedList();
		if (patients.isEmpty()) {
			return allowed.addCompartment(NOBODY);
		}
		patients.forEach(id -> allowed.addCompartment(PatientCompartment.NAME + "/" + id));
		return allowed;
	}

	/** A search of a type R4 leaves out of the compartment gets one more parameter: its patients, OR-ed. */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = RequestPipeline.COMPARTMENT_CHECKS)
	public boolean narrowCaseManagementAdditions(RequestDetails request) {
		String type = request.getResourceName();
		if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE || type == null
				|| !compartment.contains(type) || inR4Compartment(type)) {
			return true;
		}
		Set<String> patients = confinedPatients(request, type);
		if (patients == null) {
			return true;
		}
		List<String> allowed = patients.isEmpty() ? List.of(NOBODY)
				: patients.stream().map(id -> PatientCompartment.NAME + "/" + id).toList();
		// One parameter ties these types to a patient (Task: patient). A search already held to some
		// of the token's patients stays as it is; any other gets one more value, joined by AND:
		// whatever the client asked, and one of the token's patients.
		String parameter = compartment.parametersOf(type).get(0);
		String[] given = request.getParameters().getOrDefault(parameter, new String[0]);
		if (Arrays.stream(given).anyMatch(value -> allowed.containsAll(patientsIn(value)))) {
			return true;
		}
		Map<String, String[]> narrowed = new HashMap<>(request.getParameters());
		String[] values = Arrays.copyOf(given, given.length + 1);
		values[given.length] = String.join(",", allowed);
		narrowed.put(parameter, values);
		request.setParameters(narrowed);
		return true;
	}

	private static List<String> patientsIn(String value) {
		return Arrays.stream(value.split(",")).map(String::trim)
			.map(reference -> reference.contains("/") ? reference : PatientCompartment.NAME + "/" + reference).toList();
	}

	/** The patients a confined token may search this type for; null when it is not confined. */
	private Set<String> confinedPatients(RequestDetails request, String type) {
		FhirAccess access = accessResolver.of(request);
		if (access.grantsUnconfined(type, Permission.SEARCH)) {
			return null;
		}
		return access.confinedPatients(type, Permission.SEARCH);
	}

	private boolean inR4Compartment(String type) {
		return PatientCompartment.NAME.equals(type)
				|| !fhirContext.getResourceDefinition(type).getSearchParamsForCompartmentName(PatientCompartment.NAME).isEmpty();
	}

}
