package org.careplanfhir.server.conformance;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.careplanfhir.server.web.RequestPipeline;

/**
 * With {@code careplan.validation.unknown-profile=warn}, a write that claims a profile the server
 * does not know is stored, and the warning goes where FHIR puts a write's warnings: the
 * OperationOutcome the client asks for with {@code Prefer: return=OperationOutcome}. It is logged
 * too, for the operator, who may want to install the package that defines the profile.
 */
@Interceptor
class UnknownProfileWarnings {

	private static final Logger log = LoggerFactory.getLogger(UnknownProfileWarnings.class);

	private static final String KEY = UnknownProfileWarnings.class.getName();

	/** Keeps a warning for the request's answer. */
	@SuppressWarnings("unchecked")
	static void add(RequestDetails request, String expression, String message) {
		log.warn("{}: {}", expression, message);
		if (request != null) {
			((List<String[]>) request.getUserData().computeIfAbsent(KEY, key -> new ArrayList<String[]>()))
				.add(new String[] { expression, message });
		}
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.RESPONSE_SHAPING)
	@SuppressWarnings("unchecked")
	public void addToTheAnswer(RequestDetails request, IBaseResource response) {
		List<String[]> warnings = (List<String[]>) request.getUserData().get(KEY);
		if (warnings == null || !(response instanceof OperationOutcome outcome)) {
			return;
		}
		for (String[] warning : warnings) {
			outcome.addIssue()
				.setSeverity(IssueSeverity.WARNING)
				.setCode(IssueType.NOTSUPPORTED)
				.setDiagnostics(warning[1])
				.setExpression(List.of(new StringType(warning[0])));
		}
	}

}
