package org.careplanfhir.server.fhir;

import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.RestfulServer;

import org.springframework.stereotype.Component;

/**
 * HAPI's OpenAPI document ({@code /fhir/api-docs}) and Swagger UI ({@code /fhir/swagger-ui/}),
 * generated from the CapabilityStatement, so they list exactly what the endpoint supports. The
 * Swagger UI's own copy ships in the server (a webjar): nothing is loaded from elsewhere. Its "Try
 * it out" calls need a bearer token like every other FHIR request.
 */
@Component
class OpenApiDocumentation implements FhirServerCustomizer {

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(new OpenApiInterceptor());
	}

}
