package org.careplanfhir.server.bulk;

import java.util.List;
import java.util.Set;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.Refusals;

/**
 * Who may export: an export reaches every patient's data, so only a backend service ({@code system/}
 * scopes, SMART Backend Services) may start one. Anyone may poll, and is told of its own exports
 * only; what an export holds is decided by {@link ExportScopes}, and who reads its files by
 * {@link ExportOwnership}.
 */
class BulkExportAccess implements AccessPolicy {

	private final ExportOwnership ownership;

	BulkExportAccess(FhirAccessResolver accessResolver) {
		this.ownership = new ExportOwnership(accessResolver);
	}

	@Override
	public Set<String> operations() {
		return Set.of(ProviderConstants.OPERATION_EXPORT, ProviderConstants.OPERATION_EXPORT_POLL_STATUS);
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
		if (ProviderConstants.OPERATION_EXPORT.equals(operation) && !access.isBackendService()) {
			throw backendServicesOnly();
		}
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		if (access.isBackendService()) {
			rules.allow().bulkExport().any();
			rules.allow().read().resourcesOfType(ExportTypes.BINARY).withAnyId();
		}
	}

	/** A backend's read of a Binary may be one of its export files, which its scopes on Binary do not decide. */
	@Override
	public boolean decidesReadsOf(String type, FhirAccess access) {
		return ExportTypes.BINARY.equals(type) && access.isBackendService();
	}

	@Override
	public List<Object> guards() {
		return List.of(ownership);
	}

	static ForbiddenOperationException backendServicesOnly() {
		return Refusals.because("Bulk export reaches every patient's data: it needs a backend service's"
				+ " system/ scopes (SMART Backend Services)");
	}

}
