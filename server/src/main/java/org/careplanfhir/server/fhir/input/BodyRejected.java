package org.careplanfhir.server.fhir.input;

/**
 * A request body refused before parsing: the HTTP status to answer and what is wrong, naming where
 * in the body when that is known.
 */
class BodyRejected extends RuntimeException {

	private final int status;

	BodyRejected(int status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	int status() {
		return status;
	}

	static BodyRejected malformed(String message) {
		return new BodyRejected(400, message);
	}

	static BodyRejected tooLarge(String message) {
		return new BodyRejected(413, message);
	}

	static BodyRejected unsupportedMediaType(String message) {
		return new BodyRejected(415, message);
	}

}
