package org.careplanfhir.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /error} is where the container forwards a failed request to render its answer; asked for
 * directly it has no error to render, and Spring answers 500 as if the server had failed. A direct
 * request is a 404 like any other unknown path (the filter sees only direct requests, not the
 * container's error forwards).
 */
@Configuration(proxyBeanMethods = false)
class ErrorPathIsNotAResource {

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> directErrorPath() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				response.setStatus(HttpServletResponse.SC_NOT_FOUND);
				response.setContentType("application/json");
				response.getOutputStream()
					.write("{\"status\":404,\"error\":\"Not Found\",\"path\":\"/error\"}".getBytes(StandardCharsets.UTF_8));
			}
		});
		registration.addUrlPatterns("/error", "/error/*");
		registration.setName("directErrorPath");
		registration.setOrder(RequestPipeline.OWN_ANSWERS);
		return registration;
	}

}
