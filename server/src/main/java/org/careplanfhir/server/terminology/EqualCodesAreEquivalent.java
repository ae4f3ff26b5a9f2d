package org.careplanfhir.server.terminology;

import java.util.Objects;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * {@code CodeSystem/$subsumes} must answer {@code equivalent} when A and B are the same concept;
 * HAPI only looks for a parent-child path and answers {@code not-subsumed}. HAPI has already
 * checked that both codes exist (an unknown one is a 400), so the answer only needs correcting.
 */
@Component
@Interceptor
class EqualCodesAreEquivalent implements FhirServerCustomizer {

	private static final String SUBSUMES = "$subsumes";

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.RESPONSE_SHAPING)
	public boolean correctTheOutcome(RequestDetails request, ResponseDetails response) {
		if (SUBSUMES.equals(request.getOperation()) && response.getResponseResource() instanceof Parameters result
				&& sameConcept(request)) {
			result.getParameter().stream()
				.filter(parameter -> "outcome".equals(parameter.getName()))
				.forEach(parameter -> parameter.setValue(new CodeType("equivalent")));
		}
		return true;
	}

	private static boolean sameConcept(RequestDetails request) {
		if (request.getResource() instanceof Parameters body) {
			if (body.getParameter("codingA") != null && body.getParameter("codingB") != null) {
				Coding a = (Coding) body.getParameter("codingA").getValue();
				Coding b = (Coding) body.getParameter("codingB").getValue();
				return Objects.equals(a.getSystem(), b.getSystem()) && Objects.equals(a.getCode(), b.getCode());
			}
			return body.getParameter("codeA") != null && body.getParameter("codeB") != null && Objects
				.equals(body.getParameter("codeA").getValue().primitiveValue(), body.getParameter("codeB").getValue().primitiveValue());
		}
		String[] a = request.getParameters().get("codeA");
		String[] b = request.getParameters().get("codeB");
		return a != null && b != null && a.length == 1 && b.length == 1 && a[0].equals(b[0]);
	}

}
