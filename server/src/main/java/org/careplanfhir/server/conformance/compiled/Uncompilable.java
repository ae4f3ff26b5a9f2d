package org.careplanfhir.server.conformance.compiled;

/**
 * A definition uses something these checks do not implement; resources that need it are left to the
 * reference validator.
 */
final class Uncompilable extends RuntimeException {

	Uncompilable(String reason) {
		super(reason, null, false, false);
	}

}
