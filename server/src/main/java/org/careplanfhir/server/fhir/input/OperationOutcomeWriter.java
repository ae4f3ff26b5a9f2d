package org.careplanfhir.server.fhir.input;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Answers a refused body with an OperationOutcome whose issue type fits the status. */
final class OperationOutcomeWriter {

	void write(HttpServletResponse response, int status, String message) throws IOException {
		OperationOutcomeResponses.write(response, status, issueType(status), message);
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
