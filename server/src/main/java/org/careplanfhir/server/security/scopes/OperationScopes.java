package org.careplanfhir.server.security.scopes;

import java.util.Set;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;

import org.careplanfhir.server.security.scopes.SmartScope.Permission;

/**
 * Which scopes an operation needs: the terminology operations read terminology; {@code $validate}
 * needs write permission on the type; {@code $everything} and {@code $meta} read; loading a code
 * system changes terminology for everyone and needs {@code system/CodeSystem.cu}; anything else
 * (maintenance such as {@code $reindex} or {@code $expunge}) needs a {@code system/} scope with
 * every permission.
 */
final class OperationScopes {

	private static final Set<String> CODE_SYSTEM_LOADS = Set.of("$upload-external-code-system",
			"$apply-codesystem-delta-add", "$apply-codesystem-delta-remove");

	private OperationScopes() {
	}

	static void check(FhirAccess access, String operation, String type) {
		if (CompartmentRules.TERMINOLOGY_OPERATIONS.contains(operation)) {
			ScopeGate.require(access, type == null ? "ValueSet" : type, Permission.READ);
		}
		else if ("$validate".equals(operation)) {
			if (!access.grants(type, Permission.CREATE) && !access.grants(type, Permission.UPDATE)) {
				throw ScopeGate.denied(type, "c' or 'u");
			}
		}
		else if ("$everything".equals(operation)) {
			ScopeGate.require(access, type, Permission.READ);
		}
		else if ("$meta".equals(operation)) {
			ScopeGate.require(access, type == null ? SmartScope.ANY_TYPE : type, Permission.READ);
		}
		else if (ProviderConstants.OPERATION_EXPORT.equals(operation)) {
			// Which types it may export is decided when the export starts (BulkExportScopes).
			if (!access.isBackendService()) {
				throw BulkExportScopes.backendServicesOnly();
			}
		}
		else if (ProviderConstants.OPERATION_EXPORT_POLL_STATUS.equals(operation)) {
			// Only the client that started the export may poll it (BulkExportScopes).
		}
		else if (CODE_SYSTEM_LOADS.contains(operation)) {
			if (!access.grantsUnconfined("CodeSystem", Permission.CREATE)
					|| !access.grantsUnconfined("CodeSystem", Permission.UPDATE)) {
				throw new ForbiddenOperationException(
						"Loading a code system needs system/CodeSystem.cu: it changes terminology for everyone");
			}
		}
		else {
			// Maintenance operations ($reindex, $expunge, $meta-add, ...) act on everyone's data.
			String target = type == null ? SmartScope.ANY_TYPE : type;
			for (Permission permission : Permission.values()) {
				if (!access.grantsUnconfined(target, permission)) {
					throw new ForbiddenOperationException(
							"The " + operation + " operation needs a system/ scope with every permission on " + target);
				}
			}
		}
	}

}
