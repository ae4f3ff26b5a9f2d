package org.careplanfhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A PATCH must say what it patches: an instance ({@code Patient/123}) or a conditional URL
 * ({@code Patient?identifier=…}). Without either HAPI fails with a 500.
 */
@Component
@Interceptor
class PatchRequestRules implements FhirServerCustomizer {

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.REQUEST_SHAPE)
	public void check(RequestDetails request, RestOperationTypeEnum operation) {
		if (operation == RestOperationTypeEnum.PATCH && !request.isSubRequest()
				&& (request.getId() == null || !request.getId().hasIdPart()) && request.getParameters().isEmpty()) {
			throw new InvalidRequestException("PATCH needs the resource to patch: an instance URL such as '"
					+ request.getResourceName() + "/123', or a conditional URL such as '" + request.getResourceName()
					+ "?identifier=…'");
		}
	}

}
