package org.careplanfhir.server.security.scopes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

import org.careplanfhir.server.fhir.RequestParameters;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope;
import org.careplanfhir.server.security.policy.SmartScope.Permission;
import org.careplanfhir.server.web.RequestPipeline;

import static org.careplanfhir.server.security.policy.Refusals.require;

/**
 * The first line of enforcement: before a request runs, its token must grant the interaction it
 * asks for on the type it names ({@code .r} reads, {@code .s} searches, {@code .c}, {@code .u},
 * {@code .d} writes), also for every type a chained parameter or {@code _has} searches. A write
 * is checked again when each resource is stored, so transaction and batch entries obey the same
 * scopes. A granular scope ({@code ?category=...}) narrows searches to what it names. Operations
 * need what the {@link ContributedPolicies policies} of their capabilities declare.
 */
@Interceptor
class ScopeGate {

	private final FhirAccessResolver accessResolver;

	private final PatientCompartment compartment;

	private final ISearchParamRegistry searchParams;

	private final ContributedPolicies policies;

	ScopeGate(FhirAccessResolver accessResolver, PatientCompartment compartment, ISearchParamRegistry searchParams,
			ContributedPolicies policies) {
		this.accessResolver = accessResolver;
		this.compartment = compartment;
		this.searchParams = searchParams;
		this.policies = policies;
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.SCOPE_GATE)
	public void checkInteraction(RequestDetails request, RestOperationTypeEnum operation) {
		FhirAccess access = accessResolver.of(request);
		String type = request.getResourceName();
		switch (operation) {
			case METADATA, GET_PAGE, TRANSACTION, BATCH -> {
				// Pages repeat a search already allowed; transaction entries are checked one by one.
			}
			case READ, VREAD -> {
				if (!policies.decideReadsOf(type, access)) {
					require(access, type, Permission.READ);
				}
			}
			case HISTORY_INSTANCE -> require(access, type, Permission.READ);
			case SEARCH_TYPE -> {
				if (type == null) {
					requireUnconfinedOnEach(access, request);
				}
				else {
					require(access, type, Permission.SEARCH);
					checkSearchedTypes(request, access, type);
				}
			}
			case HISTORY_TYPE -> {
				require(access, type, Permission.SEARCH);
				checkSearchedTypes(request, access, type);
			}
			case SEARCH_SYSTEM, HISTORY_SYSTEM -> require(access, SmartScope.ANY_TYPE, Permission.SEARCH);
			case CREATE -> {
				require(access, type, Permission.CREATE);
				refuseConfinedConditional(access, type, Permission.CREATE, request.getHeader("If-None-Exist"));
			}
			case UPDATE, PATCH -> {
				require(access, type, Permission.UPDATE);
				refuseConfinedConditional(access, type, Permission.UPDATE, request.getConditionalUrl(operation));
			}
			case DELETE -> {
				require(access, type, Permission.DELETE);
				refuseConfinedConditional(access, type, Permission.DELETE, request.getConditionalUrl(operation));
			}
			case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE ->
				policies.checkInvocation(access, request.getOperation(), type);
			default -> throw new ForbiddenOperationException(
					"The " + operation.getCode() + " interaction is not available to SMART tokens");
		}
	}

	/**
	 * A search over several types ({@code [base]?_type=A,B}) is for backends: each type it reaches
	 * needs an unfiltered {@code system/} scope granting search, since nothing narrows its answer to
	 * a patient or a granular filter. Other tokens search one type at a time.
	 */
	private static void requireUnconfinedOnEach(FhirAccess access, RequestDetails request) {
		String[] named = request.getParameters().get("_type");
		List<String> types = named == null ? List.of(SmartScope.ANY_TYPE)
				: RequestParameters.listed(named);
		for (String type : types) {
			if (!access.grantsUnconfined(type, Permission.SEARCH) || !access.unconfinedFiltersOn(type, Permission.SEARCH).isEmpty()) {
				throw Refusals.because("A search over several resource types needs a system/ scope granting 's' on "
						+ (SmartScope.ANY_TYPE.equals(type) ? "every type" : type) + ", without a filter; search one type at a time instead");
			}
		}
	}

	/** Before the search parameters are bound: afterwards a change to them would go unseen. */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = RequestPipeline.SCOPE_GATE)
	public boolean narrowSearch(RequestDetails request) {
		if (request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE) {
			narrowToGranularFilters(request, accessResolver.of(request), request.getResourceName());
		}
		return true;
	}

	/** The same rule for the entries of a transaction or batch. */
	@Hook(value = Pointcut.STORAGE_TRANSACTION_PROCESSING, order = RequestPipeline.SCOPE_GATE)
	public void checkConditionalEntries(IBaseBundle bundle, RequestDetails request) {
		if (!(bundle instanceof Bundle entries)) {
			return;
		}
		FhirAccess access = accessResolver.of(request);
		for (Bundle.BundleEntryComponent entry : entries.getEntry()) {
			Bundle.BundleEntryRequestComponent call = entry.getRequest();
			String url = call.getUrl() == null ? "" : call.getUrl();
			String type = url.split("[/?]", 2)[0];
			switch (call.getMethod() == null ? Bundle.HTTPVerb.NULL : call.getMethod()) {
				case POST -> refuseConfinedConditional(access, type, Permission.CREATE, call.getIfNoneExist());
				case PUT, PATCH -> refuseConfinedConditional(access, type, Permission.UPDATE, url.contains("?") ? url : null);
				case DELETE -> refuseConfinedConditional(access, type, Permission.DELETE, url.contains("?") ? url : null);
				default -> {
				}
			}
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RequestPipeline.SCOPE_GATE)
	public void checkCreate(RequestDetails request, IBaseResource resource) {
		require(accessResolver.of(request), resource.fhirType(), Permission.CREATE);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.SCOPE_GATE)
	public void checkUpdate(RequestDetails request, IBaseResource previous, IBaseResource updated) {
		require(accessResolver.of(request), updated.fhirType(), Permission.UPDATE);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = RequestPipeline.SCOPE_GATE)
	public void checkDelete(RequestDetails request, IBaseResource resource) {
		require(accessResolver.of(request), resource.fhirType(), Permission.DELETE);
	}

	/**
	 * Searching through another type ({@code CarePlan?subject:Patient.name=...},
	 * {@code Practitioner?_has:CareTeam:participant:...}) reveals that type's data, so it needs that
	 * type's search permission. A confined token may not do it from a type outside the compartment:
	 * nothing would confine the other type's part to its patients.
	 */
	private void checkSearchedTypes(RequestDetails request, FhirAccess access, String type) {
		boolean confined = !access.grantsUnconfined(type, Permission.SEARCH);
		for (String name : request.getParameters().keySet()) {
			List<String> reached = reachedTypes(type, name);
			if (reached.isEmpty()) {
				continue;
			}
			if (confined && !compartment.contains(type)) {
				throw new ForbiddenOperationException("Parameter '" + name + "': a patient- or user-confined token"
						+ " cannot search through other types from " + type + ", which is outside the patient compartment");
			}
			reached.forEach(other -> require(access, other, Permission.SEARCH));
		}
	}

	private List<String> reachedTypes(String type, String parameter) {
		if (parameter.startsWith("_has:")) {
			String[] parts = parameter.split(":");
			if (parts.length < 2) {
				throw new InvalidRequestException("Parameter '" + parameter + "' is not a valid _has parameter");
			}
			return List.of(parts[1]);
		}
		int dot = parameter.indexOf('.');
		if (dot < 0 || parameter.startsWith("_")) {
			return List.of();
		}
		String reference = parameter.substring(0, dot);
		int colon = reference.indexOf(':');
		if (colon >= 0) {
			return List.of(reference.substring(colon + 1));
		}
		RuntimeSearchParam definition = searchParams.getActiveSearchParam(type, reference,
				ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH);
		if (definition == null || definition.getTargets().isEmpty()) {
			return List.of(SmartScope.ANY_TYPE);
		}
		return new ArrayList<>(definition.getTargets());
	}

	/**
	 * A granular scope such as {@code patient/CarePlan.rs?category=assess-plan} adds its filter to
	 * the search. Several granular scopes on one type must filter on the same parameter, since
	 * search parameters can only be OR-ed within one.
	 */
	private static void narrowToGranularFilters(RequestDetails request, FhirAccess access, String type) {
		List<String> filters = access.filtersOn(type, Permission.SEARCH);
		if (filters.isEmpty()) {
			return;
		}
		String parameter = null;
		List<String> values = new ArrayList<>();
		for (String filter : filters) {
			int equals = filter.indexOf('=');
			String name = filter.substring(0, equals);
			if (filter.contains("&") || (parameter != null && !parameter.equals(name))) {
				throw new ForbiddenOperationException("The token's granular scopes on " + type
						+ " filter on different parameters; search with one of them at a time");
			}
			parameter = name;
			values.add(filter.substring(equals + 1));
		}
		Map<String, String[]> narrowed = new HashMap<>(request.getParameters());
		List<String> existing = new ArrayList<>(Arrays.asList(narrowed.getOrDefault(parameter, new String[0])));
		existing.add(String.join(",", values));
		narrowed.put(parameter, existing.toArray(String[]::new));
		request.setParameters(narrowed);
	}

	/**
	 * A conditional create, update or delete searches every patient's records for its match, and
	 * answers with what it found: a confined token could use it to find, read or overwrite
	 * another patient's data.
	 */
	private static void refuseConfinedConditional(FhirAccess access, String type, Permission permission,
			String condition) {
		if (condition != null && !condition.isBlank() && !access.grantsUnconfined(type, permission)) {
			throw new ForbiddenOperationException("Conditional " + permission.name().toLowerCase() + " on " + type
					+ " needs a system/ scope: its search would reach other patients' records");
		}
	}

}
