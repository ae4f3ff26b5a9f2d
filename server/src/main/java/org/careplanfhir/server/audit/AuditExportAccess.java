package org.careplanfhir.server.audit;

import java.util.Set;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import org.hl7.fhir.r4.model.AuditEvent;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/** Who may download the audit trail's export files: whoever may read every AuditEvent, as its kick-off required. */
class AuditExportAccess implements AccessPolicy {

	private final AuditTrailExport export;

	AuditExportAccess(AuditTrailExport export) {
		this.export = export;
	}

	@Override
	public Set<String> operations() {
		return Set.of(AuditTrailExport.FILE_OPERATION);
	}

	@Override
	public void checkInvocation(String operation, String type, FhirAccess access) {
		export.checkAllowed(access);
	}

	@Override
	public void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
		if (access.grantsUnconfined("AuditEvent", Permission.READ)) {
			rules.allow().operation().named(AuditTrailExport.FILE_OPERATION).onType(AuditEvent.class)
				.andAllowAllResponses();
		}
	}

}
