package org.careplanfhir.server.readcache;

import java.util.List;

/**
 * A successful answer as it was sent, with the store generation it was computed in.
 *
 * @param headers name and value pairs, in the order they were set, without per-request headers
 * @param facts what other parts noted of the answer ({@link org.careplanfhir.server.web.AnswerFacts}), or null
 */
record CachedResponse(long generation, String contentType, List<String[]> headers, byte[] body, Object facts) {

	int weight() {
		int weight = body.length + 64;
		for (String[] header : headers) {
			weight += header[0].length() + header[1].length() + 16;
		}
		return weight;
	}

}
