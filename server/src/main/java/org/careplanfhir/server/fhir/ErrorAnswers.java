package org.careplanfhir.server.fhir;

import java.util.UUID;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.careplanfhir.server.storage.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * What a client is told when a request fails.
 * <ul>
 * <li>A value the client sent that cannot be parsed (a search date of "yesterday", say) reaches
 * HAPI's error handling as a bare {@link DataFormatException}: it is declared a 400 up front, so the
 * log gets a one-line warning instead of an ERROR with a stack trace.</li>
 * <li>An XML Patch that does not apply (its selector matches nothing) is a 400, as a JSON Patch
 * that does not apply already is.</li>
 * <li>A server fault (5xx) is answered with an error id and nothing else: the exception's text may
 * hold SQL, PostgreSQL messages, Java class names or stored values. The full exception is logged
 * under the same id, for the operator.</li>
 * <li>A database that cannot be reached is a 503 with {@code Retry-After}: the client should wait,
 * not give up.</li>
 * </ul>
 */
@Component
@Interceptor
class ErrorAnswers implements FhirServerCustomizer {

	private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

	private static final String XML_PATCH_PACKAGE = "com.github.dnault.xmlpatch.";

	private final DatabaseUnavailable database;

	ErrorAnswers(DatabaseUnavailable database) {
		this.database = database;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = RequestPipeline.ERROR_MAPPING)
	public BaseServerResponseException clientMistake(Throwable thrown) {
		if (thrown instanceof DataFormatException) {
			return new InvalidRequestException(thrown.getMessage());
		}
		// An XML Patch whose selector matches nothing, or is not XPath: the client's patch, not a fault.
		return ExceptionUtils.getThrowableList(thrown).stream()
			.filter(cause -> cause.getClass().getName().startsWith(XML_PATCH_PACKAGE))
			.findFirst()
			.map(patch -> new InvalidRequestException("The XML Patch cannot be applied to this resource: "
					+ String.valueOf(patch.getMessage()).replaceAll("([a-z][\\w$]*\\.)+[A-Z][\\w$]*: ", "")
					+ " (selectors name FHIR elements in the namespace http://hl7.org/fhir)"))
			.orElse(null);
	}

	// HAPI takes the first answer a hook gives: other capabilities map their own failures first.
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = RequestPipeline.LAST_RESORT_ERROR)
	public BaseServerResponseException serverFault(Throwable thrown) {
		if (thrown instanceof BaseServerResponseException response && response.getStatusCode() < 500) {
			return null;
		}
		if (database.explains(thrown)) {
			log.warn("Answered with 503: the database is not reachable ({})", thrown.toString());
			return BaseServerResponseException.newInstance(503, DatabaseUnavailable.MESSAGE)
				.addResponseHeader("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
		}
		int status = thrown instanceof BaseServerResponseException response ? response.getStatusCode() : 500;
		String id = UUID.randomUUID().toString();
		log.error("Server error {} answered with status {}", id, status, thrown);
		String message = "The server could not complete this request (error id " + id
				+ "); the operator can find the cause in the server log under that id";
		return status == 500 ? new InternalErrorException(message) : BaseServerResponseException.newInstance(status, message);
	}

}
