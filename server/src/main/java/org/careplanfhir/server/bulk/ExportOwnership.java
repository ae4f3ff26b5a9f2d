package org.careplanfhir.server.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import ca.uhn.fhir.util.Batch2JobDefinitionConstants;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Type;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Guards an export's data paths ({@link BulkExportAccess} decides who may start one): the export
 * gets only the types the backend's scopes let it read and search ({@code rs}), narrowed by its
 * granular scopes. The job and its files belong to the client that started it: another client
 * polling the job is told it does not exist, and its files are refused.
 */
@Interceptor
class ExportOwnership {

	/** Marks an export file's Binary with the client it belongs to. */
	static final String OWNER_SYSTEM = "https://careplan-fhir.org/sid/bulk-export-client";

	static final String BINARY = "Binary";

	private final FhirAccessResolver accessResolver;

	private final IJobCoordinator jobs;

	ExportOwnership(FhirAccessResolver accessResolver, IJobCoordinator jobs) {
		this.accessResolver = accessResolver;
		this.jobs = jobs;
	}

	/** Called after HAPI filled in the default types, before the job starts. */
	@Hook(value = Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT, order = RequestPipeline.CAPABILITY_GUARDS)
	public void confineExport(BulkExportJobParameters export, RequestDetails request) {
		FhirAccess access = accessResolver.of(request);
		if (!access.isBackendService()) {
			throw BulkExportAccess.backendServicesOnly();
		}
		if (access.clientId() == null) {
			throw new ForbiddenOperationException("The token names no client (client_id), so its export could not be"
					+ " given to it alone");
		}
		if (export.getGroupId() != null && !readsAndSearches(access, "Group")) {
			throw Refusals.insufficientScope("Group", "rs");
		}
		List<String> refused = export.getResourceTypes().stream().filter(type -> !readsAndSearches(access, type)).toList();
		if (!refused.isEmpty()) {
			if (namesTypes(request)) {
				throw Refusals.insufficientScope(String.join(", ", refused), "rs");
			}
			List<String> granted = new ArrayList<>(export.getResourceTypes());
			granted.removeAll(refused);
			if (granted.isEmpty()) {
				throw new ForbiddenOperationException(
						"The token's scopes grant 'rs' on no type this export can include (insufficient_scope)");
			}
			export.setResourceTypes(granted);
		}
		export.setFilters(narrowedFilters(access, export.getResourceTypes(), export.getFilters()));
		export.setBinarySecurityContextIdentifierSystem(OWNER_SYSTEM);
		export.setBinarySecurityContextIdentifierValue(access.clientId());
	}

	/** Polling or cancelling someone else's export looks exactly like asking for one that does not exist. */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.CAPABILITY_GUARDS)
	public void checkJobOwner(RequestDetails request) {
		if (!ProviderConstants.OPERATION_EXPORT_POLL_STATUS.equals(request.getOperation())) {
			return;
		}
		String jobId = jobId(request);
		if (jobId == null) {
			// Fail closed: a job id this check cannot see must not reach HAPI's own look-up.
			throw new InvalidRequestException("Parameter '_jobId' is missing: poll the Content-Location URL the $export"
					+ " kick-off answered with");
		}
		FhirAccess access = accessResolver.of(request);
		JobInstance job = jobs.getInstance(jobId);
		boolean owned = Batch2JobDefinitionConstants.BULK_EXPORT.equals(job.getJobDefinitionId())
				&& ownedBy(job.getParameters(BulkExportJobParameters.class), access);
		if (!owned && !(access.grantsEverything(Permission.READ) && access.grantsEverything(Permission.SEARCH))) {
			throw new ResourceNotFoundException("No bulk export job " + jobId + " was started by this client");
		}
	}

	/**
	 * An export file may be read by the client that started the export (or by one that may read
	 * everything anyway); any other Binary needs a scope on Binary.
	 */
	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = RequestPipeline.CAPABILITY_GUARDS)
	public void checkExportFiles(RequestDetails request, IPreResourceShowDetails details) {
		for (IBaseResource resource : details) {
			if (!(resource instanceof Binary binary)) {
				continue;
			}
			FhirAccess access = accessResolver.of(request); // read once per request, then kept in it
			Identifier owner = binary.getSecurityContext().getIdentifier();
			if (OWNER_SYSTEM.equals(owner.getSystem())) {
				if (!Objects.equals(owner.getValue(), access.clientId()) && !access.grantsEverything(Permission.READ)) {
					throw new ForbiddenOperationException("This file belongs to another client's bulk export");
				}
			}
			else if (!access.grants(BINARY, Permission.READ)) {
				throw Refusals.insufficientScope(BINARY, "r");
			}
		}
	}

	private static boolean ownedBy(BulkExportJobParameters export, FhirAccess access) {
		return OWNER_SYSTEM.equals(export.getBinarySecurityContextIdentifierSystem())
				&& Objects.equals(export.getBinarySecurityContextIdentifierValue(), access.clientId());
	}

	private static boolean readsAndSearches(FhirAccess access, String type) {
		return access.grantsUnconfined(type, Permission.READ) && access.grantsUnconfined(type, Permission.SEARCH);
	}

	/**
	 * A type with granular scopes only ({@code system/Observation.rs?category=...}) is exported
	 * through those filters, OR-ed as the scopes are, and AND-ed with the client's own
	 * {@code _typeFilter}s for that type.
	 */
	private static List<String> narrowedFilters(FhirAccess access, List<String> types, List<String> requested) {
		List<String> filters = new ArrayList<>(requested == null ? List.of() : requested);
		for (String type : types) {
			List<String> granular = access.unconfinedFiltersOn(type, Permission.SEARCH);
			if (granular.isEmpty()) {
				continue;
			}
			String prefix = type + "?";
			List<String> own = filters.stream().filter(filter -> filter.startsWith(prefix)).toList();
			filters.removeAll(own);
			for (String scopeFilter : granular) {
				if (own.isEmpty()) {
					filters.add(prefix + scopeFilter);
				}
				else {
					own.forEach(filter -> filters.add(filter + "&" + scopeFilter));
				}
			}
		}
		return filters;
	}

	/** Whether the client listed the types it wants, in the URL or in a POSTed Parameters body. */
	private static boolean namesTypes(RequestDetails request) {
		return parameter(request, JpaConstants.PARAM_EXPORT_TYPE) != null;
	}

	private static String jobId(RequestDetails request) {
		return parameter(request, JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID);
	}

	/**
	 * An operation parameter's first value, from the URL or from a POSTed Parameters body; empty
	 * when it is given without a value, null when it is not given.
	 */
	private static String parameter(RequestDetails request, String name) {
		String[] values = request.getParameters().get(name);
		if (values != null) {
			return values.length > 0 ? values[0] : "";
		}
		if (request.getResource() instanceof Parameters body && body.getParameter(name) != null) {
			Type value = body.getParameter(name).getValue();
			String text = value == null ? null : value.primitiveValue();
			return text == null ? "" : text;
		}
		return null;
	}

}
