package org.careplanfhir.server.fhir;

import java.util.regex.Pattern;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * The ETags this server hands out are a resource's version id, {@code W/"3"}. A precondition must
 * name one in that form; anything else is a client mistake, not a version that never matches.
 */
final class ETags {

	private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

	private ETags() {
	}

	/** The version an {@code If-Match} value names; 400 when it is not an ETag of this server. */
	static long version(String ifMatch, String where) {
		String value = ifMatch.trim();
		if (value.startsWith("W/")) {
			value = value.substring(2);
		}
		if (value.length() > 2 && value.startsWith("\"") && value.endsWith("\"")) {
			value = value.substring(1, value.length() - 1);
			if (VERSION.matcher(value).matches()) {
				return Long.parseLong(value);
			}
		}
		throw new InvalidRequestException(where + " '" + abbreviated(ifMatch)
				+ "' is not an ETag of this server: it has the form W/\"<version id>\", as the ETag header of a read gives");
	}

	static String abbreviated(String text) {
		return text.length() <= 80 ? text : text.substring(0, 80) + "…";
	}

}
