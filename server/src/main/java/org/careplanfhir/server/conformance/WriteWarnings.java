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

import org.careplanfhir.server.conformance.ProfileValidator.ProfileError;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * What a stored write could not be checked against goes where FHIR puts a write's warnings: the
 * OperationOutcome the client asks for with {@code Prefer: return=OperationOutcome}. Two kinds: a
 * claimed profile the server does not know ({@code careplan.validation.unknown-profile=warn}), and
 * a code bound to a value set the server cannot expand (US Core's VSAC value sets). Each is logged
 * too, for the operator, who may want to install what is missing.
 */
@Interceptor
class WriteWarnings {

	private static final Logger log = LoggerFactory.getLogger(WriteWarnings.class);

	private static final String KEY = WriteWarnings.class.getName();

	/** Keeps a warning for the request's answer. */
	@SuppressWarnings("unchecked")
	static void add(RequestDetails request, String expression, String message) {
		log.debug("Stored with a warning: {}: {}", expression, message);
		if (request != null) {
			((List<ProfileError>) request.getUserData().computeIfAbsent(KEY, key -> new ArrayList<ProfileError>()))
				.add(new ProfileError(expression, message));
		}
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.RESPONSE_SHAPING)
	@SuppressWarnings("unchecked")
	public void addToTheAnswer(RequestDetails request, IBaseResource response) {
		List<ProfileError> warnings = (List<ProfileError>) request.getUserData().get(KEY);
		if (warnings == null || !(response instanceof OperationOutcome outcome)) {
			return;
		}
		for (ProfileError warning : warnings) {
			outcome.addIssue()
				.setSeverity(IssueSeverity.WARNING)
				.setCode(IssueType.INCOMPLETE)
				.setDiagnostics(warning.message())
				.setExpression(List.of(new StringType(warning.location())));
		}
	}

}
