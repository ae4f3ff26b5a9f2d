package org.careplanfhir.server.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * How the FHIR endpoint refuses a request before it reaches HAPI: 401 for a missing, expired,
 * revoked or forged token, 403 for a token that may not come in at all, each with an
 * OperationOutcome and the {@code WWW-Authenticate} header RFC 6750 asks for.
 */
class BearerTokenProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final AllowedOrigins origins;

	BearerTokenProblems(AllowedOrigins origins) {
		this.origins = origins;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		// A token that was sent but refused; otherwise none was sent at all.
		boolean invalid = failure instanceof OAuth2AuthenticationException;
		String challenge = invalid
				? "Bearer realm=\"fhir\", error=\"invalid_token\", error_description=\"" + quoted(failure.getMessage()) + "\""
				: "Bearer realm=\"fhir\"";
		write(request, response, HttpStatus.UNAUTHORIZED, challenge, IssueType.LOGIN,
				invalid ? "The bearer token is not valid: " + failure.getMessage()
						: "This request needs a bearer token (Authorization: Bearer ...); see /fhir/.well-known/smart-configuration");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, "Bearer realm=\"fhir\", error=\"insufficient_scope\"", IssueType.FORBIDDEN,
				"The token does not allow this request");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String challenge, IssueType type,
			String message) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		// A browser app may read why it was refused, if its origin may call the endpoint at all.
		String allowed = origins.allowOrigin(request);
		if (allowed != null) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
			response.setHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
		}
		OperationOutcomeResponses.write(response, status.value(), type, message);
	}

	private static String quoted(String text) {
		return String.valueOf(text).replace("\"", "'").replace("\\", "/");
	}

}
