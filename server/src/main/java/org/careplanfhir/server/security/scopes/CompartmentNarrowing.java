package org.careplanfhir.server.security.scopes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import ca.uhn.fhir.util.BundleUtil;
import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.instance.model.api.IBaseBundle;

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

	CompartmentNarrowing(FhirAccessResolver accessResolver, PatientCompartment compartment) {
		this.accessResolver = accessResolver;
		this.compartment = compartment;
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		String type = request.getResourceName();
		if (type == null && isBundle(request)) {
			return forBundleEntries(request);
		}
		if (type == null || !compartment.contains(type) || compartment.isAddedToR4(type)) {
			return null;
		}
		Set<String> patients = confinedPatients(request, type);
		if (patients == null) {
			return null;
		}
		return compartmentsOf(patients);
	}

	/**
	 * HAPI narrows a batch's or transaction's searches ({@code CarePlan?_summary=count} in an entry)
	 * with one list for the whole bundle: a token confined in every scope gets its patients.
	 */
	private AuthorizedList forBundleEntries(RequestDetails request) {
		FhirAccess access = accessResolver.of(request);
		if (access.isBackendService() && access.payer() == null) {
			return null;
		}
		return compartmentsOf(access.confinedPatients());
	}

	/** The same for the entries' searches of the types case management adds to the compartment. */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.COMPARTMENT_CHECKS)
	public void narrowBundleEntriesOfCaseManagementAdditions(RequestDetails request) {
		FhirAccess access = accessResolver.of(request);
		if (!isBundle(request) || !(request.getResource() instanceof IBaseBundle bundle)
				|| (access.isBackendService() && access.payer() == null)) {
			return;
		}
		BundleUtil.processAllEntries(request.getFhirContext(), bundle, entry -> {
			String url = entry.getUrl();
			if (entry.getMethod() != RequestTypeEnum.GET || url == null) {
				return;
			}
			UrlUtil.UrlParts parts = UrlUtil.parseUrl(url);
			String type = parts.getResourceType();
			if (type == null || parts.getResourceId() != null || !compartment.isAddedToR4(type)) {
				return;
			}
			Set<String> patients = confinedPatients(request, type);
			if (patients != null) {
				entry.setRequestUrl(url + (url.contains("?") ? "&" : "?") + compartment.parametersOf(type).get(0) + "="
						+ String.join(",", allowed(patients)));
			}
		});
	}

	private static boolean isBundle(RequestDetails request) {
		return request.getRestOperationType() == RestOperationTypeEnum.TRANSACTION
				|| request.getRestOperationType() == RestOperationTypeEnum.BATCH;
	}

	private static AuthorizedList compartmentsOf(Set<String> patients) {
		AuthorizedList allowed = new AuthorizedList();
		allowed(patients).forEach(allowed::addCompartment);
		return allowed;
	}

	private static List<String> allowed(Set<String> patients) {
		return patients.isEmpty() ? List.of(NOBODY)
				: patients.stream().map(id -> PatientCompartment.NAME + "/" + id).toList();
	}

	/** A search of a type R4 leaves out of the compartment gets one more parameter: its patients, OR-ed. */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = RequestPipeline.COMPARTMENT_CHECKS)
	public boolean narrowCaseManagementAdditions(RequestDetails request) {
		String type = request.getResourceName();
		if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE || type == null
				|| !compartment.isAddedToR4(type)) {
			return true;
		}
		Set<String> patients = confinedPatients(request, type);
		if (patients == null) {
			return true;
		}
		List<String> allowed = allowed(patients);
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

}
