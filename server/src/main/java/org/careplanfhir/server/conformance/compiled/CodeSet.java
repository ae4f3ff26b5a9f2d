package org.careplanfhir.server.conformance.compiled;

import java.util.Set;

/**
 * The codes of an expanded value set.
 *
 * @param codings every {@code system|code}
 * @param codes every code, whatever its system, for elements of type {@code code}
 * @param systems every code system it takes a code from
 */
record CodeSet(Set<String> codings, Set<String> codes, Set<String> systems) {

	boolean contains(String system, String code) {
		return system != null && code != null && codings.contains(system + "|" + code);
	}

	/** Whether any of its codes comes from that code system. */
	boolean drawsOn(String system) {
		return systems.contains(system);
	}

}
