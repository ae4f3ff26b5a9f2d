package org.careplanfhir.server.storage;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Outside HAPI (token checks, sign-in, the admin API) a lost database surfaces as an exception out of
 * the filter chain, which Spring would answer with a 500 error page. This answers it as HAPI's own
 * requests are answered: 503, {@code Retry-After}, and a FHIR OperationOutcome.
 */
@Component
@Order(RequestPipeline.DATABASE_OUTAGE)
class DatabaseOutageFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

	private final DatabaseUnavailable database;

	DatabaseOutageFilter(DatabaseUnavailable database) {
		this.database = database;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException failure) {
			if (response.isCommitted() || !database.explains(failure)) {
				throw failure;
			}
			log.warn("Answered {} {} with 503: the database is not reachable ({})", request.getMethod(),
					request.getRequestURI(), failure.toString());
			response.reset();
			OperationOutcomeResponses.unavailable(response, DatabaseUnavailable.RETRY_AFTER_SECONDS,
					DatabaseUnavailable.MESSAGE);
		}
	}

}
