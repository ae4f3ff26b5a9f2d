package org.careplanfhir.server.bulk;


import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** What the kick-off and the status URL both answer with: the status URL, and the warning for what was left out. */
final class ExportAnswers {

	private ExportAnswers() {
	}

	static String statusUrl(String fhirBase, String jobId) {
		return fhirBase + "/" + ProviderConstants.OPERATION_EXPORT_POLL_STATUS + "?"
				+ JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID + "=" + jobId;
	}

	/** The warning a lenient kick-off gives, and the manifest's error file repeats, for what it left out. */
	static OperationOutcome.OperationOutcomeIssueComponent leftOut(String reason) {
		return new OperationOutcome.OperationOutcomeIssueComponent().setSeverity(IssueSeverity.WARNING)
			.setCode(IssueType.NOTSUPPORTED).setDiagnostics("Left out (Prefer: handling=lenient): " + reason);
	}

}
