package org.careplanfhir.server.authserver.oauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.careplanfhir.server.authserver.SignInProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts failed sign-ins per account and per network address (the client's, as the trusted proxy
 * reports it), and refuses further attempts once either reaches its limit, until
 * {@code careplan.security.sign-in.lockout} has passed without a new failure: a guesser gets a few
 * tries an account and a few dozen an address in every quarter of an hour, instead of seven a
 * second. A locked attempt is refused before the password is even checked (429 on the admin API,
 * a notice on the sign-in page), and every lock is logged with the account and address. The counts
 * are in the database ({@code careplan_sign_in_failure}), so that every instance of a cluster
 * honours a lock, and a restart lifts none: a guesser gains nothing by spreading attempts.
 */
public class SignInThrottle {

	private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

	private static final String ACCOUNT = "account";

	private static final String ADDRESS = "address";

	/** Longer names than any account may have are counted by their beginning: a key must fit an index row. */
	private static final int LONGEST_KEY = 320;

	private final SignInProperties properties;

	private final JdbcTemplate database;

	SignInThrottle(SignInProperties properties, JdbcTemplate database) {
		this.properties = properties;
		this.database = database;
	}

	boolean locked(String account, String address) {
		return reached(ACCOUNT, account, properties.maxFailuresPerAccount())
				|| reached(ADDRESS, address, properties.maxFailuresPerAddress());
	}

	void failed(String account, String address) {
		database.update("DELETE FROM careplan_sign_in_failure WHERE last_failure < now() - ? * INTERVAL '1 millisecond'",
				properties.lockout().toMillis());
		int byAccount = count(ACCOUNT, account);
		int byAddress = count(ADDRESS, address);
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
			database.update("DELETE FROM careplan_sign_in_failure WHERE kind = ? AND key = ?", ACCOUNT, bounded(account));
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

	private boolean reached(String kind, String key, int limit) {
		return key != null && Boolean.TRUE.equals(database.queryForObject("SELECT exists(SELECT 1 FROM"
				+ " careplan_sign_in_failure WHERE kind = ? AND key = ? AND failures >= ?"
				+ " AND last_failure > now() - ? * INTERVAL '1 millisecond')", Boolean.class, kind, bounded(key), limit,
				properties.lockout().toMillis()));
	}

	/**
	 * Counts one more failure; a count whose last failure is older than the lockout starts again. The
	 * failure's time is written each time, so that a lock lasts a full lockout after the last one.
	 */
	private int count(String kind, String key) {
		if (key == null) {
			return 0;
		}
		Integer failures = database.queryForObject("INSERT INTO careplan_sign_in_failure AS known (kind, key,"
				+ " failures, last_failure) VALUES (?, ?, 1, now()) ON CONFLICT (kind, key) DO UPDATE SET failures ="
				+ " CASE WHEN known.last_failure > now() - ? * INTERVAL '1 millisecond' THEN known.failures + 1 ELSE 1 END,"
				+ " last_failure = now() RETURNING failures", Integer.class, kind, bounded(key), properties.lockout().toMillis());
		return failures == null ? 0 : failures;
	}

	private static String bounded(String key) {
		return key.length() > LONGEST_KEY ? key.substring(0, LONGEST_KEY) : key;
	}

}
