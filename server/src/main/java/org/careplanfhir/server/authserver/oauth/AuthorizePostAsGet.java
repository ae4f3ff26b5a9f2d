package org.careplanfhir.server.authserver.oauth;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART's {@code authorize-post}: an authorization request sent as a form POST continues as the
 * equivalent GET (303 See Other), so that it survives the trip through the login page the way a
 * GET does. Consent submissions (no {@code response_type}) are left alone.
 */
class AuthorizePostAsGet extends OncePerRequestFilter {

	private final String authorizationEndpoint;

	AuthorizePostAsGet(String authorizationEndpoint) {
		this.authorizationEndpoint = authorizationEndpoint;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getParameter("response_type") == null
				|| !authorizationEndpoint.equals(request.getServletPath());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		StringJoiner query = new StringJoiner("&");
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			for (String value : parameter.getValue()) {
				query.add(encode(parameter.getKey()) + "=" + encode(value));
			}
		}
		response.setStatus(HttpStatus.SEE_OTHER.value());
		response.setHeader("Location", request.getContextPath() + authorizationEndpoint + "?" + query);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
