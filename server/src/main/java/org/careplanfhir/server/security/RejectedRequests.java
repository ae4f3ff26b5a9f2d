package org.careplanfhir.server.security;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
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
			String reason = jsonText("The request's URL or method is not allowed: " + rejected.getMessage());
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			boolean fhir = request.getRequestURI() != null && request.getRequestURI().startsWith("/fhir");
			response.setContentType(fhir ? "application/fhir+json;charset=UTF-8" : "application/json");
			String body = fhir
					? "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"invalid\",\"diagnostics\":\""
							+ reason + "\"}]}"
					: "{\"status\":400,\"error\":\"Bad Request\",\"detail\":\"" + reason + "\"}";
			response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
		};
	}

	private static String jsonText(String text) {
		StringBuilder escaped = new StringBuilder();
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
