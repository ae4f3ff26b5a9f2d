package org.careplanfhir.bench.smart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sending a request whose failure to connect is a failure of the run, not something to recover from. */
final class Http {

	private Http() {
	}

	static HttpResponse<String> send(HttpClient http, HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new UncheckedIOException(request.method() + " " + request.uri(), e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted: " + request.method() + " " + request.uri(), e);
		}
	}

	/** The response's Location header if it has the status expected of this step; otherwise fails, naming it. */
	static String expect(HttpResponse<String> response, int status, String step) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(step + ": expected " + status + ", got " + response.statusCode() + " "
					+ response.body());
		}
		return response.headers().firstValue("Location").orElse("");
	}

}
