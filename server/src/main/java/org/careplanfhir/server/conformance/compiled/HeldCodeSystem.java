package org.careplanfhir.server.conformance.compiled;

import java.util.Set;

/**
 * A code system whose every concept the server holds.
 */
record HeldCodeSystem(Set<String> codes) {

	boolean hasCode(String code) {
		return codes.contains(code);
	}



}
