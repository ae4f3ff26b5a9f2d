package org.careplanfhir.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The OperationOutcomes of one issue that every capability answers with, and the answer to a request
 * that HAPI never sees (refused by a filter, by Spring Security's firewall, or by Tomcat itself),
 * written as HAPI writes every refusal.
 */
public final class OperationOutcomeResponses {

	private OperationOutcomeResponses() {
	}

	/** An OperationOutcome of one error issue: the usual answer to one thing a request got wrong. */
	public static OperationOutcome error(IssueType type, String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
		return outcome;
	}

	/** An OperationOutcome of one informational issue, such as a bulk job's progress. */
	public static OperationOutcome information(String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL).setDiagnostics(diagnostics);
		return outcome;
	}

	/** The OperationOutcome of one error issue, as FHIR JSON. */
	public static String json(IssueType type, String diagnostics) {
		return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(error(type, diagnostics));
	}

	/** 503 with {@code Retry-After}: the client should wait and try again, not give up. */
	public static void unavailable(HttpServletResponse response, int retryAfterSeconds, String diagnostics)
			throws IOException {
		response.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
		write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, IssueType.TRANSIENT, diagnostics);
	}

	/** Sets the status and writes the OperationOutcome as the whole body. */
	public static void write(HttpServletResponse response, int status, IssueType type, String diagnostics)
			throws IOException {
		response.setStatus(status);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.getOutputStream().write(json(type, diagnostics).getBytes(StandardCharsets.UTF_8));
	}

}
