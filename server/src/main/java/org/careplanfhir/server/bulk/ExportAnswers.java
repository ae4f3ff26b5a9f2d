package org.careplanfhir.server.bulk;

import java.io.IOException;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** What the kick-off and the status URL both answer with: the status URL, and OperationOutcomes. */
final class ExportAnswers {

	private ExportAnswers() {
	}

	static String statusUrl(String fhirBase, String jobId) {
		return fhirBase + "/" + ProviderConstants.OPERATION_EXPORT_POLL_STATUS + "?"
				+ JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID + "=" + jobId;
	}

	static OperationOutcome information(String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL).setDiagnostics(diagnostics);
		return outcome;
	}

	/** The warning a lenient kick-off gives, and the manifest's error file repeats, for what it left out. */
	static OperationOutcome.OperationOutcomeIssueComponent leftOut(String reason) {
		return new OperationOutcome.OperationOutcomeIssueComponent().setSeverity(IssueSeverity.WARNING)
			.setCode(IssueType.NOTSUPPORTED).setDiagnostics("Left out (Prefer: handling=lenient): " + reason);
	}

	/** Writes an OperationOutcome as the whole answer of an operation that writes its own response. */
	static void write(ServletRequestDetails request, FhirContext fhirContext, int status, OperationOutcome outcome)
			throws IOException {
		HttpServletResponse response = request.getServletResponse();
		request.getServer().addHeadersToResponse(response);
		response.setStatus(status);
		response.setContentType(Constants.CT_FHIR_JSON_NEW);
		response.setCharacterEncoding("UTF-8");
		fhirContext.newJsonParser().encodeResourceToWriter(outcome, response.getWriter());
		response.getWriter().close();
	}

}
