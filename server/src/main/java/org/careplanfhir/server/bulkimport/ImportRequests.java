package org.careplanfhir.server.bulkimport;

import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.rest.api.server.RequestDetails;

import org.careplanfhir.server.security.policy.FhirAccessResolver;

/**
 * The requests an import's transactions are made under: on behalf of the client that started it,
 * with its scopes, through the hooks of the FHIR endpoint (known once the endpoint is built), so
 * that a line is checked, validated and recorded as the same resource sent by the client would be.
 * A new request for each transaction, since the hooks keep per-request notes on it.
 */
class ImportRequests {

	private final FhirAccessResolver accessResolver;

	private volatile IInterceptorBroadcaster endpointHooks;

	ImportRequests(FhirAccessResolver accessResolver) {
		this.accessResolver = accessResolver;
	}

	void useHooksOf(IInterceptorBroadcaster hooks) {
		this.endpointHooks = hooks;
	}

	RequestDetails onBehalfOf(ImportJob job) {
		RequestDetails request = accessResolver.actingAs(job.caller(), endpointHooks);
		request.setFhirServerBase(job.serverBase());
		return request;
	}

}
