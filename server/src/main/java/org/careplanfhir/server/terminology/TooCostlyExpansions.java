package org.careplanfhir.server.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.term.ex.ExpansionTooCostlyException;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * An expansion that would hold more codes than the client's {@code count} (or the server's limit)
 * is the request's problem, not a server failure: HAPI throws and would answer 500; this answers
 * 422 with the FHIR issue type {@code too-costly} and HAPI's message, which names the limit.
 */
@Component
@Interceptor
class TooCostlyExpansions implements FhirServerCustomizer {

	private final FhirContext fhirContext;

	TooCostlyExpansions(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = RequestPipeline.ERROR_MAPPING)
	public BaseServerResponseException asClientError(Throwable thrown) {
		int index = ExceptionUtils.indexOfType(thrown, ExpansionTooCostlyException.class);
		if (index < 0) {
			return null;
		}
		Throwable tooCostly = ExceptionUtils.getThrowableList(thrown).get(index);
		return new UnprocessableEntityException(fhirContext, OperationOutcomeResponses.error(IssueType.TOOCOSTLY,
				tooCostly.getMessage() + ". Narrow the filter, or ask for a larger count."));
	}

}
