package org.careplanfhir.server.search;

import java.util.List;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionRequest;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionResponse;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.stereotype.Component;

/**
 * Which resource types full-text search indexes: their content ({@code _content}) for the types in
 * {@code careplan.search.content-types}, their narrative ({@code _text}) for those in
 * {@code careplan.search.narrative-types}. Extracting and analysing the words of every resource is
 * about a third of a write's cost once validation is cheap, and an insurer's Claim or a lab's
 * Observation is never searched by its words here. A search by words on a type that is not indexed
 * would find nothing and look like an answer: it is refused with 400 instead.
 */
@Component
@Interceptor
class FullTextTypes implements FhirServerCustomizer {

	private final boolean enabled;

	private final Selection content;

	private final Selection narrative;

	FullTextTypes(FullTextSearchProperties properties) {
		this.enabled = properties.fullText();
		this.content = new Selection(properties.contentTypes());
		this.narrative = new Selection(properties.narrativeTypes());
	}

	@Override
	public void customize(RestfulServer server) {
		if (enabled) {
			server.registerInterceptor(this);
		}
	}

	@Hook(value = Pointcut.JPA_INDEX_EXTRACT_FULLTEXT_CONTENT, order = RequestPipeline.BOOKKEEPING)
	public FullTextExtractionResponse content(FullTextExtractionRequest request) {
		return content.includes(request.getResourceType()) ? FullTextExtractionResponse.indexNormally()
				: FullTextExtractionResponse.doNotIndex();
	}

	@Hook(value = Pointcut.JPA_INDEX_EXTRACT_FULLTEXT_TEXT, order = RequestPipeline.BOOKKEEPING)
	public FullTextExtractionResponse narrative(FullTextExtractionRequest request) {
		return narrative.includes(request.getResourceType()) ? FullTextExtractionResponse.indexNormally()
				: FullTextExtractionResponse.doNotIndex();
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.REQUEST_SHAPE)
	public void refuseSearchesOfWhatIsNotIndexed(RequestDetails request, RestOperationTypeEnum operation) {
		if (operation != RestOperationTypeEnum.SEARCH_TYPE || request.getParameters() == null) {
			return;
		}
		String type = request.getResourceName();
		for (String name : request.getParameters().keySet()) {
			String parameter = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
			if (Constants.PARAM_CONTENT.equals(parameter) && !content.includes(type)) {
				throw new InvalidRequestException(refusal(parameter, type, "content-types"));
			}
			if (Constants.PARAM_TEXT.equals(parameter) && !narrative.includes(type)) {
				throw new InvalidRequestException(refusal(parameter, type, "narrative-types"));
			}
		}
	}

	private static String refusal(String parameter, String type, String setting) {
		return "Search parameter " + parameter + " is not available for " + type + ": this server does not index "
				+ type + " for full-text search (careplan.search." + setting + ")";
	}

	/** A list of type names, or {@code *} for every type. */
	private record Selection(Set<String> types) {

		Selection(List<String> types) {
			this(Set.copyOf(types));
		}

		boolean includes(String type) {
			return types.contains("*") || types.contains(type);
		}

	}

}
