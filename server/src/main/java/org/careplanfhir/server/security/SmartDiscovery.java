package org.careplanfhir.server.security;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Serves {@code /fhir/.well-known/smart-configuration} to anyone, with CORS, as SMART App Launch
 * requires. It is a filter because {@code /fhir/*} belongs to the HAPI servlet.
 */
class SmartDiscovery {

	static final String PATH = "/fhir/.well-known/smart-configuration";

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> smartConfigurationDocument(SmartConfiguration smart,
			ObjectMapper json, AllowedOrigins origins) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						response.setContentType(MediaType.APPLICATION_JSON_VALUE);
						String allowed = origins.allowOrigin(request);
						if (allowed != null) {
							response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
						}
						response.setHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
						response.setHeader(HttpHeaders.CACHE_CONTROL, "max-age=3600");
						json.writeValue(response.getOutputStream(), smart.document(request));
					}
				});
		registration.addUrlPatterns(PATH);
		registration.setOrder(RequestPipeline.OWN_ANSWERS);
		return registration;
	}

}
