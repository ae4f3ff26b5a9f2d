package org.careplanfhir.server.authserver.oauth;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.careplanfhir.server.authserver.accounts.UserAccounts;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Standalone launch with {@code launch/patient}: before the authorization request goes on, a signed-in
 * case manager or caregiver picks the patient at {@code /smart/select-patient}, which comes back with
 * a {@code launch} value bound to them. A patient signing in is their own context and is not asked.
 */
class PatientSelection extends OncePerRequestFilter {

	static final String PICKER = "/smart/select-patient";

	private final String authorizationEndpoint;

	private final UserAccounts users;

	PatientSelection(String authorizationEndpoint, UserAccounts users) {
		this.authorizationEndpoint = authorizationEndpoint;
		this.users = users;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String scope = request.getParameter("scope");
		return !"GET".equals(request.getMethod()) || !authorizationEndpoint.equals(request.getServletPath())
				|| request.getParameter("response_type") == null || request.getParameter("launch") != null
				|| scope == null || Arrays.stream(scope.split(" ")).noneMatch("launch/patient"::equals);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		boolean signedIn = user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken);
		if (!signedIn || isPatient(user.getName())) {
			chain.doFilter(request, response);
			return;
		}
		response.sendRedirect(request.getContextPath() + PICKER + "?" + request.getQueryString());
	}

	private boolean isPatient(String username) {
		return users.find(username)
			.map(UserAccounts.Account::fhirUser)
			.filter(reference -> reference.startsWith("Patient/"))
			.isPresent();
	}

}
