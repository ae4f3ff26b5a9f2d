package org.careplanfhir.server.fhir;

import java.util.List;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Lets browser apps on the configured origins call the endpoint and read the headers FHIR clients
 * rely on ({@code Location}, {@code ETag}, {@code Content-Location}).
 */
@Component
class CrossOriginPolicy implements FhirServerCustomizer {

	private final FhirServerProperties properties;

	CrossOriginPolicy(FhirServerProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customize(RestfulServer server) {
		CorsConfiguration cors = new CorsConfiguration();
		properties.corsAllowedOrigins().forEach(cors::addAllowedOriginPattern);
		cors.setAllowedHeaders(List.of(HttpHeaders.ORIGIN, HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE,
				HttpHeaders.AUTHORIZATION, HttpHeaders.CACHE_CONTROL, HttpHeaders.IF_MATCH,
				HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE, "If-None-Exist", "Prefer",
				"X-Requested-With"));
		cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_LOCATION, HttpHeaders.ETAG,
				HttpHeaders.LAST_MODIFIED));
		cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
		server.registerInterceptor(new CorsInterceptor(cors));
	}

}
