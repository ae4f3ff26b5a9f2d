package org.careplanfhir.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The port opens before start-up has finished: FHIR packages are still being installed and the
 * full-text index recovered. A FHIR request in that window would see some profiles and not others,
 * count search parameters not stored yet, or have a write refused for claiming a profile about to be
 * installed. Until the application is ready to take traffic (and again once it is shutting down),
 * the FHIR endpoint answers 503 with {@code Retry-After}, as a load balancer's readiness probe does.
 */
@Component
@Order(RequestPipeline.READY_BEFORE_SERVING)
class ReadyBeforeServing extends OncePerRequestFilter {

	static final int RETRY_AFTER_SECONDS = 5;

	private final ApplicationAvailability availability;

	ReadyBeforeServing(ApplicationAvailability availability) {
		this.availability = availability;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(request.getContextPath() + "/fhir");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
			chain.doFilter(request, response);
			return;
		}
		OperationOutcomeResponses.unavailable(response, RETRY_AFTER_SECONDS,
				"The server is not ready: it is starting (installing FHIR packages, recovering the search index)"
						+ " or stopping. Nothing was read or stored; try again in " + RETRY_AFTER_SECONDS + " seconds");
	}

}
