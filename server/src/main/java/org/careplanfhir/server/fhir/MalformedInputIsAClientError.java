package org.careplanfhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

import org.springframework.stereotype.Component;

/**
 * A value the client sent that cannot be parsed (a search date of "yesterday", say) reaches HAPI's
 * error handling as a bare {@link DataFormatException}: the client gets a 400, but the log gets an
 * ERROR with a stack trace, as for a server fault. Declaring it a 400 up front keeps the answer and
 * makes the log line a one-line warning. Only client input is parsed on the request path; stored
 * resources were valid when they were written.
 */
@Component
@Interceptor
class MalformedInputIsAClientError implements FhirServerCustomizer {

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException asBadRequest(Throwable thrown) {
		return thrown instanceof DataFormatException ? new InvalidRequestException(thrown.getMessage()) : null;
	}

}
