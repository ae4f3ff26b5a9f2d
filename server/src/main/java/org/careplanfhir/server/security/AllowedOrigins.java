package org.careplanfhir.server.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The browser origins that may call this server, from {@code careplan.fhir.cors-allowed-origins}:
 * one list for the FHIR endpoint, its refusals, and the OAuth2 endpoints browser apps call (token,
 * keys, introspection, revocation, user info, discovery). No credentials (cookies) are ever allowed
 * cross-origin: apps authenticate with bearer tokens.
 */
@Component
public class AllowedOrigins {

	private final List<String> patterns;

	AllowedOrigins(Environment environment) {
		this.patterns = Binder.get(environment)
			.bind("careplan.fhir.cors-allowed-origins", Bindable.listOf(String.class))
			.orElse(List.of("*"));
	}

	/** A CORS configuration for these origins, with the given methods and headers. */
	public CorsConfiguration cors(List<String> methods, List<String> headers) {
		CorsConfiguration cors = new CorsConfiguration();
		patterns.forEach(cors::addAllowedOriginPattern);
		cors.setAllowedMethods(methods);
		cors.setAllowedHeaders(headers);
		cors.setAllowCredentials(false);
		return cors;
	}

	/** The value of {@code Access-Control-Allow-Origin} for this request, or null when its origin is not allowed. */
	public String allowOrigin(HttpServletRequest request) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		return origin == null ? null : cors(List.of("GET"), List.of()).checkOrigin(origin);
	}

}
