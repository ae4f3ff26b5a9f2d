package org.careplanfhir.server.fhir;

import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.server.RestfulServer;

import org.springframework.stereotype.Component;

/**
 * Rejects a body with unknown elements, wrong JSON types or codes outside a required enumeration
 * (such as an unknown {@code Goal.lifecycleStatus}). HAPI's lenient default drops such values with
 * a log line and stores the rest, which silently loses what the client sent.
 */
@Component
class StrictParsing implements FhirServerCustomizer {

	@Override
	public void customize(RestfulServer server) {
		server.getFhirContext().setParserErrorHandler(new StrictErrorHandler());
	}

}
