package org.careplanfhir.server.fhir;

import java.util.Map;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A search the server rewrote before HAPI saw it ({@code Patient/123/CarePlan},
 * {@code [base]?_type=CarePlan}) answers with a self link naming the search as the client wrote
 * it, not the type search it became.
 */
@Component
@Interceptor
class SelfLinkAsAsked implements FhirServerCustomizer {

	private static final String ASKED = SelfLinkAsAsked.class.getName();

	/** Notes the parameters as the client sent them, before a rewrite changes them. */
	static void remember(RequestDetails request) {
		request.getUserData().put(ASKED, Map.copyOf(request.getParameters()));
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.RESPONSE_SHAPING)
	public void selfAsAsked(RequestDetails request, IBaseResource response) {
		if (request == null || !(response instanceof Bundle bundle) || !(request.getUserData().get(ASKED) instanceof Map<?, ?> asked)) {
			return;
		}
		Bundle.BundleLinkComponent self = bundle.getLink(Bundle.LINK_SELF);
		if (self == null) {
			return;
		}
		StringBuilder url = new StringBuilder(request.getFhirServerBase());
		if (!request.getRequestPath().isEmpty()) {
			url.append('/').append(request.getRequestPath());
		}
		@SuppressWarnings("unchecked")
		String query = RequestParameters.queryString((Map<String, String[]>) asked);
		self.setUrl(query.isEmpty() ? url.toString() : url + "?" + query);
	}

}
