package org.careplanfhir.bench;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Every request the bench sends, with the bearer token a secured server needs: from the
 * {@code careplan.bench.token} system property or the {@code CAREPLAN_BENCH_TOKEN} environment
 * variable (for example a backend-service token from the server's client credentials flow).
 */
public final class Requests {

	public static final String TOKEN_PROPERTY = "careplan.bench.token";

	private Requests() {
	}

	static HttpRequest.Builder to(String url) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		String token = System.getProperty(TOKEN_PROPERTY, System.getenv("CAREPLAN_BENCH_TOKEN"));
		if (token != null && !token.isBlank()) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

}
