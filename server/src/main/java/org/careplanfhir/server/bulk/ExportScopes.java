package org.careplanfhir.server.bulk;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * Confines an export to its backend's scopes: only the types it may read and search ({@code rs})
 * on every patient, narrowed by its granular scopes. A type the client named and may not have is
 * refused; a type it did not name is left out.
 */
final class ExportScopes {

	private ExportScopes() {
	}

	static void confine(BulkExportJobParameters export, FhirAccess access, boolean typesNamed) {
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
			if (typesNamed) {
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
	}

	/**
	 * Whether the token may export this type: on every patient, or for a payer-bound client on its
	 * members (whom {@link PayerExports} confines the export to).
	 */
	static boolean readsAndSearches(FhirAccess access, String type) {
		return reads(access, type) && (access.payer() == null ? access.grantsUnconfined(type, Permission.SEARCH)
				: access.grants(type, Permission.SEARCH));
	}

	static boolean reads(FhirAccess access, String type) {
		return access.payer() == null ? access.grantsUnconfined(type, Permission.READ) : access.grants(type, Permission.READ);
	}

	/**
	 * A type with granular scopes only ({@code system/Observation.rs?category=...}) is exported
	 * through those filters, OR-ed as the scopes are, and AND-ed with the client's own
	 * {@code _typeFilter}s for that type.
	 */
	private static List<String> narrowedFilters(FhirAccess access, List<String> types, List<String> requested) {
		List<String> filters = requested == null ? List.of() : requested;
		for (String type : types) {
			List<String> granular = access.payer() == null ? access.unconfinedFiltersOn(type, Permission.SEARCH)
					: access.filtersOn(type, Permission.SEARCH);
			if (!granular.isEmpty()) {
				filters = TypeFilters.and(filters, type, granular);
			}
		}
		return new ArrayList<>(filters);
	}

}
