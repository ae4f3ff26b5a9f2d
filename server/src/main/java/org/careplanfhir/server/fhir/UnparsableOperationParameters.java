package org.careplanfhir.server.fhir;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.method.OperationParameter;
import org.apache.commons.lang3.exception.ExceptionUtils;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * An operation parameter in the URL whose value is not of its declared type ({@code count=abc} on
 * {@code $expand}, {@code _count=many} on {@code $everything}) fails while HAPI converts it, before
 * the operation runs, with an exception HAPI answers as a server fault. It is the client's value:
 * this answers 400 naming the parameter and the value.
 */
@Component
@Interceptor
class UnparsableOperationParameters implements FhirServerCustomizer {

	private static final Pattern NUMBER_INPUT = Pattern.compile("For input string: \"(.*)\"");

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = RequestPipeline.ERROR_MAPPING)
	public BaseServerResponseException wrongType(RequestDetails request, Throwable thrown) {
		if (!(thrown instanceof IllegalArgumentException) || Arrays.stream(thrown.getStackTrace())
			.noneMatch(frame -> frame.getClassName().equals(OperationParameter.class.getName()))) {
			return null;
		}
		String reason = ExceptionUtils.getRootCauseMessage(thrown).replaceFirst("^[\\w.$]+: ", "");
		String operation = request.getOperation() == null ? "the operation" : request.getOperation();
		return parameterWithValue(request, reason)
			.map(parameter -> new InvalidRequestException("Parameter '" + parameter.getKey() + "' of " + operation
					+ " has the value '" + parameter.getValue() + "', which is not of the parameter's type"))
			.orElseGet(() -> new InvalidRequestException("A parameter of " + operation
					+ " has a value that is not of the parameter's type: " + reason));
	}

	/** The parameter whose value the conversion refused, when the refusal quotes it. */
	private static Optional<Map.Entry<String, String>> parameterWithValue(RequestDetails request, String reason) {
		Matcher quoted = NUMBER_INPUT.matcher(reason);
		if (!quoted.find() || request.getParameters() == null) {
			return Optional.empty();
		}
		String value = quoted.group(1);
		return request.getParameters().entrySet().stream()
			.filter(parameter -> Arrays.asList(parameter.getValue()).contains(value))
			.map(parameter -> Map.entry(parameter.getKey(), value))
			.findFirst();
	}

}
