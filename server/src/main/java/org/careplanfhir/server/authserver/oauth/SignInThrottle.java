package org.careplanfhir.server.authserver.oauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.careplanfhir.server.authserver.SignInProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts failed sign-ins per account and per network address (the client's, as the trusted proxy
 * reports it), and refuses further attempts once either reaches its limit, until
 * {@code careplan.security.sign-in.lockout} has passed without a new failure: a guesser gets a few
 * tries an account and a few dozen an address in every quarter of an hour, instead of seven a
 * second. A locked attempt is refused before the password is even checked (429 on the admin API,
 * a notice on the sign-in page), and every lock is logged with the account and address.
 */
public class SignInThrottle {

	private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

	private final SignInProperties properties;

	private final Cache<String, AtomicInteger> accountFailures;

	private final Cache<String, AtomicInteger> addressFailures;

	SignInThrottle(SignInProperties properties) {
		this.properties = properties;
		this.accountFailures = Caffeine.newBuilder().expireAfterWrite(properties.lockout()).maximumSize(100_000).build();
		this.addressFailures = Caffeine.newBuilder().expireAfterWrite(properties.lockout()).maximumSize(100_000).build();
	}

	boolean locked(String account, String address) {
		return reached(accountFailures, account, properties.maxFailuresPerAccount())
				|| reached(addressFailures, address, properties.maxFailuresPerAddress());
	}

	void failed(String account, String address) {
		int byAccount = count(accountFailures, account);
		int byAddress = count(addressFailures, address);
		if (byAccount == properties.maxFailuresPerAccount()) {
			log.warn("Sign-in locked for account '{}' after {} failed attempts (the last from {}) for {}", account,
					byAccount, address, properties.lockout());
		}
		if (byAddress == properties.maxFailuresPerAddress()) {
			log.warn("Sign-in refused from address {} after {} failed attempts (the last for account '{}') for {}",
					address, byAddress, account, properties.lockout());
		}
	}

	void succeeded(String account) {
		if (account != null) {
			accountFailures.invalidate(account);
		}
	}

	/** Refuses a sign-in attempt (form or HTTP Basic) for a locked account or address before it is checked. */
	OncePerRequestFilter filter() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				String account = attemptedAccount(request);
				if (account == null || !locked(account, request.getRemoteAddr())) {
					chain.doFilter(request, response);
					return;
				}
				log.warn("Refused a sign-in attempt for account '{}' from {}: locked", account, request.getRemoteAddr());
				if (isForm(request)) {
					response.sendRedirect(request.getContextPath() + "/login?locked");
					return;
				}
				response.setStatus(429);
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(properties.lockout().toSeconds()));
				response.setContentType("application/json");
				response.getWriter().write("{\"error\":\"too_many_failed_sign_ins\",\"error_description\":"
						+ "\"Too many failed sign-ins for this account or from this address; try again later\"}");
			}
		};
	}

	/** Where the sign-in page sends a person whose attempt failed. */
	AuthenticationFailureHandler formFailures() {
		return (request, response, failure) -> response.sendRedirect(request.getContextPath()
				+ (failure instanceof LockedException ? "/login?locked" : "/login?error"));
	}

	private static String attemptedAccount(HttpServletRequest request) {
		if (isForm(request)) {
			return request.getParameter("username");
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			int colon = credentials.indexOf(':');
			return colon < 0 ? null : credentials.substring(0, colon);
		}
		catch (IllegalArgumentException notBase64) {
			return null;
		}
	}

	private static boolean isForm(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath());
	}

	private static boolean reached(Cache<String, AtomicInteger> failures, String key, int limit) {
		AtomicInteger count = key == null ? null : failures.getIfPresent(key);
		return count != null && count.get() >= limit;
	}

	private static int count(Cache<String, AtomicInteger> failures, String key) {
		if (key == null) {
			return 0;
		}
		AtomicInteger count = failures.get(key, any -> new AtomicInteger());
		int now = count.incrementAndGet();
		// Written again so that the lock lasts a full lockout after this failure.
		failures.put(key, count);
		return now;
	}

}
