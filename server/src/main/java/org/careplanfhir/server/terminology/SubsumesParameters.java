package org.careplanfhir.server.terminology;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.careplanfhir.server.fhir.FhirServerCustomizer;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A {@code $subsumes} that names no code system (neither {@code system} nor codings) fails inside
 * HAPI on the missing system, which it answers as a server fault; one that names a system but only
 * one of the two codes is refused as an "unknown code" {@code null}. Both answer 400 saying which
 * parameters the operation needs.
 */
@Component
@Interceptor
class SubsumesParameters implements FhirServerCustomizer {

	private static final String NEEDED = "$subsumes needs 'system' with 'codeA' and 'codeB', or 'codingA' and 'codingB'";

	/** HAPI's refusal of a concept it looked up without a code: {@code Unknown code: [system|null]}. */
	private static final String NO_CODE = "|null]";

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = RequestPipeline.ERROR_MAPPING)
	public BaseServerResponseException sayWhatIsNeeded(RequestDetails request, Throwable thrown) {
		if (!"$subsumes".equals(request.getOperation())) {
			return null;
		}
		boolean noSystem = ExceptionUtils.indexOfType(thrown, NullPointerException.class) >= 0;
		boolean noCode = thrown instanceof InvalidRequestException && String.valueOf(thrown.getMessage()).endsWith(NO_CODE);
		return noSystem || noCode ? new InvalidRequestException(NEEDED) : null;
	}

}
