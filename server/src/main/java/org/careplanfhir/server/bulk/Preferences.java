package org.careplanfhir.server.bulk;

import java.util.List;
import java.util.Locale;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/** What a kick-off's {@code Prefer} headers ask: {@code respond-async}, and {@code handling=lenient}. */
record Preferences(boolean async, boolean lenient) {

	static Preferences of(RequestDetails request) {
		List<String> headers = request.getHeaders(Constants.HEADER_PREFER);
		boolean async = false;
		boolean lenient = false;
		for (String header : headers == null ? List.<String>of() : headers) {
			for (String preference : header.split("[,;]")) {
				String token = preference.trim().toLowerCase(Locale.ROOT).replace(" ", "");
				async |= token.equals(Constants.HEADER_PREFER_RESPOND_ASYNC);
				lenient |= token.equals(Constants.HEADER_PREFER_HANDLING + "=" + Constants.HEADER_PREFER_HANDLING_LENIENT);
			}
		}
		return new Preferences(async, lenient);
	}

}
