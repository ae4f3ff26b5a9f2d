package org.careplanfhir.server.terminology;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ValueSet;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A value set built on terminology this server does not hold (LOINC, SNOMED CT, BCP 47, a VSAC
 * value set) cannot be expanded, nor a code checked against it. HAPI answers that as a server fault
 * (500), or as a 404 although the value set asked for exists; this answers 422 with the FHIR issue
 * type {@code not-found}, naming the code system or value set that is missing and how to load it. A
 * value set the server does not hold at all stays a 404.
 * <p>
 * HAPI does not keep the original exception: it folds its text into the one it throws, so the
 * cases are told apart by HAPI's message codes.
 */
@Component
@Interceptor
class UnheldTerminology implements FhirServerCustomizer {

	// HAPI-0888 wraps the in-memory expansion's failure: HAPI-0702 (a whole code system) or HAPI-2646 (a filter).
	private static final Pattern CODE_SYSTEM_NOT_FOUND = Pattern
		.compile("HAPI-0888: .*CodeSystem could not be found: (\\S+)");

	private static final Pattern FILTERED_CODE_SYSTEM_NOT_PRESENT = Pattern
		.compile("HAPI-0888: .*cannot apply filters .* because CodeSystem '([^']+)' is ignored/not-present");

	// HAPI-0889 is thrown only for a value set that another one includes; the one asked for is a different message.
	private static final Pattern INCLUDED_VALUE_SET_NOT_FOUND = Pattern.compile("HAPI-0889: Unknown ValueSet: (\\S+)");

	// HAPI-2788: no part of HAPI's validation chain could expand it, which it words as not knowing the value set at all.
	private static final Pattern NO_EXPANSION = Pattern.compile("HAPI-2788: Unknown ValueSet: (\\S+)");

	// HAPI's in-memory check of a code fails with a NullPointerException on a filter over a code system it lacks.
	private static final String FILTER_CONTEXT = "org.hl7.fhir.common.hapi.validation.support.ValueSetExpansionFilterContext";

	private static final String HOW_TO_LOAD = " Load it with CodeSystem/$upload-external-code-system, or as a CodeSystem resource.";

	private final FhirContext fhirContext;

	private final IValidationSupport terminology;

	private final DaoRegistry daos;

	UnheldTerminology(FhirContext fhirContext, IValidationSupport terminology, DaoRegistry daos) {
		this.fhirContext = fhirContext;
		this.terminology = terminology;
		this.daos = daos;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = RequestPipeline.ERROR_MAPPING)
	public BaseServerResponseException asClientError(RequestDetails request, Throwable thrown) {
		Matcher unknown = NO_EXPANSION.matcher(String.valueOf(thrown.getMessage()));
		if (thrown instanceof ResourceNotFoundException && unknown.find()) {
			String url = URLDecoder.decode(unknown.group(1), StandardCharsets.UTF_8);
			Optional<ValueSet> held;
			try {
				held = stored(url);
			}
			catch (RuntimeException lookupFailed) {
				// An error answer must not fail in turn: HAPI's own 404 stands.
				return null;
			}
			if (held.isEmpty()) {
				// HAPI's own 404 is right, but its message escapes the URL: name it as the client wrote it.
				String message = "This server holds no ValueSet with url " + url;
				return new ResourceNotFoundException(message, OperationOutcomeResponses.error(IssueType.NOTFOUND, message));
			}
			return new UnprocessableEntityException(fhirContext,
					OperationOutcomeResponses.error(IssueType.NOTFOUND, failedStep(request) + ": " + unheldParts(held.get())));
		}
		return missing(thrown)
			.map(what -> (BaseServerResponseException) new UnprocessableEntityException(fhirContext,
					OperationOutcomeResponses.error(IssueType.NOTFOUND, failedStep(request) + ": " + what)))
			.orElse(null);
	}

	private Optional<String> missing(Throwable thrown) {
		if (thrown instanceof InternalErrorException) {
			String message = String.valueOf(thrown.getMessage());
			Matcher codeSystem = CODE_SYSTEM_NOT_FOUND.matcher(message);
			if (codeSystem.find()) {
				return Optional.of("the value set draws on code system " + codeSystem.group(1)
						+ ", which this server does not hold." + HOW_TO_LOAD);
			}
			Matcher filtered = FILTERED_CODE_SYSTEM_NOT_PRESENT.matcher(message);
			if (filtered.find()) {
				return Optional.of("the value set filters the codes of code system " + filtered.group(1)
						+ ", which this server does not hold." + HOW_TO_LOAD);
			}
			if (ExceptionUtils.getThrowableList(thrown).stream().anyMatch(UnheldTerminology::failedInFilter)) {
				return Optional.of("the value set filters the codes of a code system this server does not hold."
						+ HOW_TO_LOAD);
			}
		}
		if (thrown instanceof ResourceNotFoundException) {
			String message = String.valueOf(thrown.getMessage());
			Matcher included = INCLUDED_VALUE_SET_NOT_FOUND.matcher(message);
			if (included.find()) {
				return Optional.of(includes(URLDecoder.decode(included.group(1), StandardCharsets.UTF_8)));
			}
		}
		return Optional.empty();
	}

	// From the database: HAPI's validation chain may still remember a value set written a moment ago as unknown.
	private Optional<ValueSet> stored(String url) {
		SearchParameterMap byUrl = SearchParameterMap.newSynchronous("url", new UriParam(url));
		return daos.getResourceDao("ValueSet").search(byUrl, new SystemRequestDetails()).getResources(0, 1).stream()
			.map(ValueSet.class::cast)
			.findFirst();
	}

	private static String includes(String valueSet) {
		return "the value set includes value set " + valueSet
				+ ", which this server does not hold. Load it as a ValueSet resource, with the code systems it draws on.";
	}

	/** What of a value set this server holds is missing, named from its definition since HAPI's message does not say. */
	private String unheldParts(ValueSet valueSet) {
		for (ValueSet.ConceptSetComponent part : valueSet.getCompose().getInclude()) {
			if (part.hasSystem() && terminology.fetchCodeSystem(part.getSystem()) == null) {
				return "the value set draws on code system " + part.getSystem() + ", which this server does not hold."
						+ HOW_TO_LOAD;
			}
			for (CanonicalType included : part.getValueSet()) {
				if (terminology.fetchValueSet(included.getValue()) == null) {
					return includes(included.getValue());
				}
			}
		}
		return "the value set draws on terminology this server does not hold." + HOW_TO_LOAD;
	}

	private static boolean failedInFilter(Throwable cause) {
		StackTraceElement[] frames = cause.getStackTrace();
		return cause instanceof NullPointerException && frames.length > 0
				&& FILTER_CONTEXT.equals(frames[0].getClassName());
	}

	private static String failedStep(RequestDetails request) {
		return "$validate-code".equals(request.getOperation()) ? "The code cannot be checked against this value set"
				: "This value set cannot be expanded";
	}

}
