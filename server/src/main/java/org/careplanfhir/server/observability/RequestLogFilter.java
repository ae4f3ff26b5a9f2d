package org.careplanfhir.server.observability;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * One log line per HTTP request, in key=value form that log shippers parse without a pattern.
 * The query string is left out on purpose: FHIR searches carry names, birth dates and identifiers.
 */
@Component
@Order(RequestPipeline.REQUEST_LOG)
class RequestLogFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger("careplan.request");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (log.isInfoEnabled()) {
				log.info("method={} path={} status={} durationMs={}", request.getMethod(), request.getRequestURI(),
						response.getStatus(), (System.nanoTime() - started) / 1_000_000);
			}
		}
	}

}
