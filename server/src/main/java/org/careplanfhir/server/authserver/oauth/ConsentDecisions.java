package org.careplanfhir.server.authserver.oauth;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.careplanfhir.server.web.AuditableActivity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells the audit trail what a person decided on the consent page: the scopes they gave the app,
 * and those they withheld (every scope asked for, when they refused). Watches the consent
 * submission to the authorization endpoint, whose request names the scopes asked for.
 */
class ConsentDecisions extends OncePerRequestFilter {

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private final String authorizationEndpoint;

	private final OAuth2AuthorizationService authorizations;

	private final ApplicationEventPublisher events;

	ConsentDecisions(String authorizationEndpoint, OAuth2AuthorizationService authorizations,
			ApplicationEventPublisher events) {
		this.authorizationEndpoint = authorizationEndpoint;
		this.authorizations = authorizations;
		this.events = events;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) != null
				|| request.getParameter(OAuth2ParameterNames.STATE) == null
				|| !authorizationEndpoint.equals(request.getServletPath());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		OAuth2Authorization pending = authorizations.findByToken(request.getParameter(OAuth2ParameterNames.STATE), STATE);
		OAuth2AuthorizationRequest asked = pending == null ? null
				: pending.getAttribute(OAuth2AuthorizationRequest.class.getName());
		chain.doFilter(request, response);
		if (asked == null) {
			return;
		}
		String location = response.getHeader("Location");
		boolean refused = location == null || location.contains("error=");
		Set<String> given = new LinkedHashSet<>();
		if (!refused && request.getParameterValues(OAuth2ParameterNames.SCOPE) != null) {
			given.addAll(Arrays.asList(request.getParameterValues(OAuth2ParameterNames.SCOPE)));
		}
		Set<String> withheld = new LinkedHashSet<>(asked.getScopes());
		withheld.removeAll(given);
		withheld.remove("openid");
		String user = pending.getPrincipalName();
		if (!given.isEmpty()) {
			events.publishEvent(new AuditableActivity(AuditableActivity.Kind.CONSENT_GIVEN, true,
					"scope: " + String.join(" ", given), user, asked.getClientId(), null, List.of()));
		}
		if (!withheld.isEmpty()) {
			events.publishEvent(new AuditableActivity(AuditableActivity.Kind.CONSENT_WITHHELD, true,
					"scope: " + String.join(" ", withheld), user, asked.getClientId(), null, List.of()));
		}
	}

}
