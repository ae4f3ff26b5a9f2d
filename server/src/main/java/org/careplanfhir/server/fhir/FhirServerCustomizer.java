package org.careplanfhir.server.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * The one way a capability plugs into the FHIR endpoint: it registers its providers and
 * interceptors on the server before the servlet starts.
 */
@FunctionalInterface
public interface FhirServerCustomizer {

	void customize(RestfulServer server);

}
