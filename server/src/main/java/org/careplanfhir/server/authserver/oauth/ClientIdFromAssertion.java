package org.careplanfhir.server.authserver.oauth;

import java.io.IOException;
import java.text.ParseException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART backend services authenticate with a client assertion alone; Spring Authorization Server
 * also wants a {@code client_id} form field. This supplies it from the assertion's issuer. The
 * assertion itself is verified afterwards as usual, so nothing is trusted from it here.
 */
class ClientIdFromAssertion extends OncePerRequestFilter {

	private static final String ASSERTION = "client_assertion";

	private static final String CLIENT_ID = "client_id";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String assertion = request.getParameter(ASSERTION);
		if (!"POST".equals(request.getMethod()) || assertion == null || request.getParameter(CLIENT_ID) != null) {
			chain.doFilter(request, response);
			return;
		}
		String issuer;
		try {
			issuer = SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
		}
		catch (ParseException notAJwt) {
			issuer = null;
		}
		chain.doFilter(issuer == null ? request : withClientId(request, issuer), response);
	}

	private static HttpServletRequest withClientId(HttpServletRequest request, String clientId) {
		Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
		parameters.put(CLIENT_ID, new String[] { clientId });
		return new HttpServletRequestWrapper(request) {
			@Override
			public String getParameter(String name) {
				String[] values = parameters.get(name);
				return values == null ? null : values[0];
			}

			@Override
			public Map<String, String[]> getParameterMap() {
				return Collections.unmodifiableMap(parameters);
			}

			@Override
			public Enumeration<String> getParameterNames() {
				return Collections.enumeration(parameters.keySet());
			}

			@Override
			public String[] getParameterValues(String name) {
				return parameters.get(name);
			}
		};
	}

}
