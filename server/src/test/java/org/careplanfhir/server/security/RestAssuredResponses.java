package org.careplanfhir.server.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.restassured.builder.ResponseBuilder;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;

/**
 * The bench's SMART client speaks java.net.http; the tests assert with REST Assured. This turns an
 * answer the client received into a REST Assured response, so that {@code then().statusCode(…)},
 * {@code header(…)} and {@code jsonPath()} read it as they read any other.
 */
final class RestAssuredResponses {

	private RestAssuredResponses() {
	}

	static Response of(HttpResponse<String> received) {
		List<Header> headers = new ArrayList<>();
		received.headers().map().forEach((name, values) -> values.forEach(value -> headers.add(new Header(name, value))));
		return new ResponseBuilder().setStatusCode(received.statusCode())
			.setHeaders(new Headers(headers))
			.setContentType(received.headers().firstValue("Content-Type").orElse(""))
			.setBody(received.body())
			.build();
	}

}
