package org.careplanfhir.server.terminology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.fhir.RequestParameters;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * {@code ValueSet/$expand} with {@code filter}, the type-ahead of every app, gives the same answer
 * whether or not HAPI has pre-expanded the value set yet. On a value set that lists its codes, HAPI
 * ignores {@code filter} until it has pre-expanded it (every code comes back), then matches the
 * filter as one substring of the display, and on any value set it counts {@code total} after
 * {@code count} is applied. For a small value set (codes listed one by one, or drawn from a code
 * system of at most a thousand concepts held whole, as all of ours are) HAPI expands it whole and
 * the filter is applied here: a code
 * matches when every word of the filter begins a word of its display (in any order, ignoring case
 * and punctuation), or the filter begins the code. Then {@code offset} and {@code count} page what
 * matched, and {@code total} counts it. Value sets drawn from large code systems (an uploaded
 * terminology) keep HAPI's filtering, which runs in the database or the full-text index.
 */
@Component
@Interceptor
class ExpansionFilter implements FhirServerCustomizer {

	private static final String EXPAND = "$expand";

	private static final Set<String> TAKEN_OVER = Set.of("filter", "count", "offset");

	private static final String PAGE = ExpansionFilter.class.getName();

	/** Code systems up to this size are expanded whole and filtered here. */
	private static final int SMALL = 1000;

	private final FhirContext fhirContext;

	private final DaoRegistry daos;

	private final IValidationSupport validationSupport;

	ExpansionFilter(FhirContext fhirContext, DaoRegistry daos, IValidationSupport validationSupport) {
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.validationSupport = validationSupport;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	private record Page(String filter, int offset, Integer count) {
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = RequestPipeline.REQUEST_SHAPE)
	public void takeOverFilter(RequestDetails request) {
		if (!EXPAND.equals(request.getOperation()) || !"ValueSet".equals(request.getResourceName())) {
			return;
		}
		String filter = RequestParameters.single(request, "filter", EXPAND);
		String offset = RequestParameters.single(request, "offset", EXPAND);
		String count = RequestParameters.single(request, "count", EXPAND);
		Parameters body = null;
		EncodingEnum encoding = null;
		if (request.getRequestType() == RequestTypeEnum.POST) {
			encoding = EncodingEnum.forContentType(request.getHeader("Content-Type"));
			byte[] contents = request.loadRequestContents();
			if (encoding != null && contents != null && contents.length > 0
					&& parser(encoding).parseResource(new String(contents, StandardCharsets.UTF_8)) instanceof Parameters parameters) {
				body = parameters;
				filter = filter != null ? filter : primitive(body, "filter");
				offset = offset != null ? offset : primitive(body, "offset");
				count = count != null ? count : primitive(body, "count");
			}
		}
		if (filter == null || filter.isBlank() || !listsItsCodes(request, body)) {
			return;
		}
		request.getUserData().put(PAGE, new Page(filter, offset == null ? 0 : RequestParameters.wholeNumber("'offset' of $expand", offset, 0), count == null ? null : RequestParameters.wholeNumber("'count' of $expand", count, 0)));
		TAKEN_OVER.forEach(request::removeParameter);
		if (body != null) {
			body.getParameter().removeIf(parameter -> TAKEN_OVER.contains(parameter.getName()));
			request.setRequestContents(parser(encoding).encodeResourceToString(body).getBytes(StandardCharsets.UTF_8));
		}
	}

	/**
	 * Whether the value set to expand is small enough to expand whole: its parts list codes one by
	 * one or draw them from a small code system held whole, and import no other value set.
	 */
	private boolean listsItsCodes(RequestDetails request, Parameters body) {
		ValueSet valueSet = null;
		if (body != null && body.getParameter("valueSet") != null && body.getParameter("valueSet").getResource() instanceof ValueSet inline) {
			valueSet = inline;
		}
		else if (request.getId() != null && request.getId().hasIdPart()) {
			try {
				valueSet = (ValueSet) daos.getResourceDao("ValueSet").read(request.getId().toUnqualifiedVersionless(), new SystemRequestDetails());
			}
			catch (BaseServerResponseException notThere) {
				return false;
			}
		}
		else {
			String url = RequestParameters.single(request, "url", EXPAND);
			if (url == null && body != null) {
				url = primitive(body, "url");
			}
			if (url != null) {
				valueSet = (ValueSet) validationSupport.fetchValueSet(url);
			}
		}
		if (valueSet == null || !valueSet.hasCompose()) {
			return false;
		}
		return valueSet.getCompose().getInclude().stream().allMatch(this::small)
				&& valueSet.getCompose().getExclude().stream().allMatch(this::small);
	}

	/** Codes listed one by one, or drawn from a code system this server holds whole and small. */
	private boolean small(ValueSet.ConceptSetComponent part) {
		if (part.hasValueSet()) {
			return false;
		}
		if (part.hasConcept() && !part.hasFilter()) {
			return true;
		}
		return validationSupport.fetchCodeSystem(part.getSystem()) instanceof CodeSystem system
				&& system.getContent() == CodeSystem.CodeSystemContentMode.COMPLETE && concepts(system.getConcept()) <= SMALL;
	}

	private static int concepts(List<CodeSystem.ConceptDefinitionComponent> concepts) {
		int count = concepts.size();
		for (CodeSystem.ConceptDefinitionComponent concept : concepts) {
			count += concepts(concept.getConcept());
		}
		return count;
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.RESPONSE_SHAPING)
	public boolean applyFilter(RequestDetails request, ResponseDetails response) {
		if (request.getUserData().get(PAGE) instanceof Page page && response.getResponseResource() instanceof ValueSet expanded
				&& expanded.hasExpansion()) {
			// HAPI may hand out an expansion it keeps for later requests: the filtered one is a copy.
			ValueSet valueSet = expanded.copy();
			response.setResponseResource(valueSet);
			ValueSet.ValueSetExpansionComponent expansion = valueSet.getExpansion();
			List<String> words = words(page.filter());
			List<ValueSetExpansionContainsComponent> matching = new ArrayList<>();
			collect(expansion.getContains(), words, page.filter().trim().toLowerCase(Locale.ROOT), matching);
			int from = Math.min(page.offset(), matching.size());
			int to = page.count() == null ? matching.size() : Math.min(matching.size(), from + page.count());
			expansion.setContains(new ArrayList<>(matching.subList(from, to)));
			expansion.setTotal(matching.size());
			expansion.setOffset(page.offset());
			expansion.getParameter().removeIf(parameter -> TAKEN_OVER.contains(parameter.getName()));
			expansion.addParameter().setName("filter").setValue(new StringType(page.filter()));
			expansion.addParameter().setName("offset").setValue(new IntegerType(page.offset()));
			if (page.count() != null) {
				expansion.addParameter().setName("count").setValue(new IntegerType(page.count()));
			}
		}
		return true;
	}

	private static void collect(List<ValueSetExpansionContainsComponent> contains, List<String> words, String filter,
			List<ValueSetExpansionContainsComponent> matching) {
		for (ValueSetExpansionContainsComponent concept : contains) {
			if (concept.hasCode() && matches(concept, words, filter)) {
				matching.add(concept);
			}
			collect(concept.getContains(), words, filter, matching);
			concept.getContains().clear();
		}
	}

	private static boolean matches(ValueSetExpansionContainsComponent concept, List<String> words, String filter) {
		if (concept.getCode().toLowerCase(Locale.ROOT).startsWith(filter)) {
			return true;
		}
		List<String> display = words(concept.getDisplay());
		return !words.isEmpty() && words.stream().allMatch(word -> display.stream().anyMatch(part -> part.startsWith(word)));
	}

	private static List<String> words(String text) {
		if (text == null) {
			return List.of();
		}
		return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(word -> !word.isEmpty()).toList();
	}

	private IParser parser(EncodingEnum encoding) {
		return encoding.newParser(fhirContext);
	}

	private static String primitive(Parameters body, String name) {
		var parameter = body.getParameter(name);
		return parameter == null || parameter.getValue() == null ? null : parameter.getValue().primitiveValue();
	}

}
