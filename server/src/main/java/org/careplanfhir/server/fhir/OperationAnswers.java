package org.careplanfhir.server.fhir;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferHeader;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * What the operations that write their own answers (the asynchronous bulk ones) share: the
 * request's {@code Prefer} header, all of its values read as one, and an OperationOutcome as the
 * whole answer.
 */
public final class OperationAnswers {

	private OperationAnswers() {
	}

	/** Every {@code Prefer} header of the request, read together. */
	public static PreferHeader prefer(RequestDetails request) {
		List<String> headers = request.getHeaders(Constants.HEADER_PREFER);
		return RestfulServerUtils.parsePreferHeader(
				String.join(",", headers == null ? List.of() : headers).toLowerCase(Locale.ROOT));
	}

	/** Writes an OperationOutcome as the whole answer of an operation that writes its own response. */
	public static void write(ServletRequestDetails request, FhirContext fhirContext, int status, OperationOutcome outcome)
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
