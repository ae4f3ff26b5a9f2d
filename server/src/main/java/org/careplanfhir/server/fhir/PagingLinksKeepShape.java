package org.careplanfhir.server.fhir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Every page of a search has the shape the client asked for on the first. HAPI's links to further
 * pages ({@code _getpages}) keep only {@code _format} and {@code _pretty}, so page 2 of a
 * {@code _summary=true} search came back whole. The links here also carry {@code _summary},
 * {@code _elements} (and {@code :exclude}) and {@code _total}, which HAPI honours on the page it
 * serves, and {@code $everything}'s window and types, so the shape survives however far the client
 * pages, forwards or backwards.
 */
@Component
@Interceptor
class PagingLinksKeepShape implements FhirServerCustomizer {

	private static final List<String> SHAPE = List.of(Constants.PARAM_SUMMARY, Constants.PARAM_ELEMENTS,
			Constants.PARAM_ELEMENTS + Constants.PARAM_ELEMENTS_EXCLUDE_MODIFIER, Constants.PARAM_SEARCH_TOTAL_MODE,
			// Patient/$everything's own, which choose what each page holds.
			"start", "end", "_since", Constants.PARAM_LASTUPDATED, Constants.PARAM_TYPE);

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.RESPONSE_SHAPING)
	public void keepShape(RequestDetails request, IBaseResource response) {
		if (!(response instanceof Bundle bundle) || request == null) {
			return;
		}
		Map<String, String[]> kept = new LinkedHashMap<>();
		for (String name : SHAPE) {
			String[] values = request.getParameters().get(name);
			if (values != null) {
				kept.put(name, values);
			}
		}
		if (kept.isEmpty()) {
			return;
		}
		String shape = "&" + RequestParameters.queryString(kept);
		for (Bundle.BundleLinkComponent link : bundle.getLink()) {
			String url = link.getUrl();
			if (url != null && url.contains("?" + Constants.PARAM_PAGINGACTION + "=")) {
				link.setUrl(url + shape);
			}
		}
	}

}
