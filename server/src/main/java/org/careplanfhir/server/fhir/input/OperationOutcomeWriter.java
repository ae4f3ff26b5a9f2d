package org.careplanfhir.server.fhir.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Answers a request that never reaches HAPI with a FHIR OperationOutcome, as HAPI would. */
final class OperationOutcomeWriter {

	private final FhirContext fhirContext;

	OperationOutcomeWriter(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	void write(HttpServletResponse response, int status, String message) throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(issueType(status)).setDiagnostics(message);
		response.setStatus(status);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.getOutputStream()
			.write(fhirContext.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
		// Sent now, before the container tries to drain a body left unread: a client waiting for
		// "100 Continue" reads the refusal instead of sending the body into a closing connection.
		response.flushBuffer();
	}

	private static IssueType issueType(int status) {
		return switch (status) {
			case 413 -> IssueType.TOOCOSTLY;
			case 415 -> IssueType.NOTSUPPORTED;
			default -> IssueType.INVALID;
		};
	}

}
