package org.careplanfhir.server.security;

import jakarta.servlet.http.HttpServletResponse;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A request Spring Security's firewall refuses before any filter chain (an encoded slash or dot
 * segment, a non-printable character in the path, an unknown method) is a 400 that says why; on
 * the FHIR endpoint as an OperationOutcome, as every other refusal there is.
 */
@Configuration(proxyBeanMethods = false)
class RejectedRequests {

	private static final Logger log = LoggerFactory.getLogger(RejectedRequests.class);

	@Bean
	RequestRejectedHandler firewallRefusals() {
		return (request, response, rejected) -> {
			log.warn("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), rejected.getMessage());
			String reason = "The request's URL or method is not allowed: " + rejected.getMessage();
			if (request.getRequestURI() != null && request.getRequestURI().startsWith("/fhir")) {
				OperationOutcomeResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, IssueType.INVALID, reason);
			}
			else {
				response.sendError(HttpServletResponse.SC_BAD_REQUEST, reason);
			}
		};
	}

}
