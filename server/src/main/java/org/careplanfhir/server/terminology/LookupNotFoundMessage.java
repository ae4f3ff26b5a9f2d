package org.careplanfhir.server.terminology;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.careplanfhir.server.fhir.FhirServerCustomizer;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A {@code $lookup} of a code its code system does not have is a 404; for code systems loaded as
 * resources HAPI's message names neither ("Unable to find code[null] in system[null]"). This
 * answers with the system and code the client asked about.
 */
@Component
@Interceptor
class LookupNotFoundMessage implements FhirServerCustomizer {

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = RequestPipeline.ERROR_MAPPING)
	public BaseServerResponseException nameTheCode(RequestDetails request, Throwable thrown) {
		if (!"$lookup".equals(request.getOperation()) || !(thrown instanceof ResourceNotFoundException)
				|| !String.valueOf(thrown.getMessage()).contains("code[null]")) {
			return null;
		}
		return new ResourceNotFoundException("Code '" + first(request, "code") + "' is not in code system "
				+ first(request, "system"));
	}

	private static String first(RequestDetails request, String parameter) {
		String[] values = request.getParameters().get(parameter);
		return values == null || values.length == 0 ? "(not given)" : values[0];
	}

}
