package org.careplanfhir.server.bulkimport;

import java.util.Set;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * Who may import: an import writes records of any patient, so only a backend service whose
 * {@code system/} scopes let it create and update every type it imports, with no filter and not held
 * to a payer's members ({@code system/*.cu}, or {@code system/Patient.cu} and so on per type). Each
 * line is then checked again as it is stored, like any write. Anyone may poll, and is told of its
 * own imports only ({@link ImportStatusPoll}).
 */
class BulkImportAccess implements AccessPolicy {

	@Override
	public Set<String> operations() {
		return Set.of(BulkImportOperations.IMPORT, BulkImportOperations.IMPORT_POLL_STATUS);
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
		if (BulkImportOperations.IMPORT.equals(operation) && !access.isBackendService()) {
			throw Refusals.because("Bulk import writes every patient's data: it needs a backend service's system/"
					+ " scopes (SMART Backend Services) with create and update on what it imports, such as system/*.cu");
		}
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		rules.allow().operation().named(BulkImportOperations.IMPORT_POLL_STATUS).onServer().andAllowAllResponses();
		if (access.isBackendService()) {
			rules.allow().operation().named(BulkImportOperations.IMPORT).onServer().andAllowAllResponses();
		}
	}

	/** Refuses unless an unfiltered {@code system/} scope, not held to a payer, grants create and update of the type. */
	static void requireWriteOf(String type, FhirAccess access) {
		boolean granted = access.scopes().stream()
			.anyMatch(scope -> !access.confines(scope) && scope.filter() == null
					&& scope.grants(type, Permission.CREATE) && scope.grants(type, Permission.UPDATE));
		if (!granted) {
			throw Refusals.because("Importing " + type + " needs a system/ scope granting create and update of it,"
					+ " unfiltered: system/" + type + ".cu or system/" + SmartScope.ANY_TYPE + ".cu (insufficient_scope)");
		}
	}

}
