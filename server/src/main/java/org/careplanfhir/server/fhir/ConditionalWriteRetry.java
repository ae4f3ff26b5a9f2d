package org.careplanfhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * When two clients race to conditionally create the same resource, the database lets one win and
 * the other fails with a version conflict. Retrying the loser's transaction makes it find the
 * winner's resource, so the client gets the existing resource instead of a 409. Requests with
 * {@code If-Match} are left alone: their conflict is the answer the client asked for.
 */
@Component
@Interceptor
class ConditionalWriteRetry implements FhirServerCustomizer {

	private static final int MAX_RETRIES = 5;

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.STORAGE_VERSION_CONFLICT, order = RequestPipeline.ERROR_MAPPING)
	public ResourceVersionConflictResolutionStrategy onVersionConflict(RequestDetails request) {
		ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
		if (request != null && request.getHeader(HttpHeaders.IF_MATCH) == null) {
			strategy.setRetry(true);
			strategy.setMaxRetries(MAX_RETRIES);
		}
		return strategy;
	}

}
