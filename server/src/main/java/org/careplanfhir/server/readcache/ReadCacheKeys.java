package org.careplanfhir.server.readcache;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.careplanfhir.server.web.FhirDocumentationPaths;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Which requests may be answered from the cache, and under which key. The key holds everything an
 * answer depends on besides the stored data: the caller's authorization (every claim of the token
 * but its timing and identity, so that a refreshed token with the same grant shares answers), the
 * full URL as the client addressed it (links in bundles are built from it), and the headers that
 * change the representation.
 */
final class ReadCacheKeys {

	/** Token claims that differ between two tokens carrying the same grant. */
	private static final Set<String> PER_TOKEN_CLAIMS = Set.of("iat", "exp", "nbf", "jti", "auth_time");

	private static final List<String> REPRESENTATION_HEADERS = List.of("Accept", "Accept-Encoding", "Prefer",
			"Origin", "Forwarded", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix");

	/**
	 * Searches whose answer depends on more than the stored resources as written: full-text search
	 * (the index is refreshed apart from the transaction) and code-system hierarchy or value-set
	 * membership (terminology is stored in the background after a code system is written).
	 */
	private static final Pattern DEPENDS_ON_INDEXES_BESIDES_RESOURCES = Pattern
		.compile("(^|&)(_text|_content)=|:(in|not-in|below|above)=");

	private ReadCacheKeys() {
	}

	/**
	 * Reads, searches (and their further pages) and {@code $everything} by GET. Other operations
	 * may compute from more than stored resources; conditional requests and clients that ask for
	 * a fresh answer go to the server.
	 */
	static boolean cacheable(HttpServletRequest request) {
		if (!"GET".equals(request.getMethod()) || request.getHeader("If-None-Match") != null
				|| request.getHeader("If-Modified-Since") != null) {
			return false;
		}
		String cacheControl = request.getHeader("Cache-Control");
		if (cacheControl != null && (cacheControl.contains("no-cache") || cacheControl.contains("no-store"))) {
			return false;
		}
		String path = request.getRequestURI();
		if (path.endsWith("/metadata") || path.contains("/.well-known/") || FhirDocumentationPaths.contains(path)
				|| (path.contains("$") && !path.endsWith("/$everything"))) {
			return false;
		}
		// The audit trail grows with every request, not with writes: nothing the store generation follows.
		if (path.contains("/fhir/AuditEvent")) {
			return false;
		}
		String query = request.getQueryString();
		if (query == null) {
			return true;
		}
		try {
			return !DEPENDS_ON_INDEXES_BESIDES_RESOURCES.matcher(URLDecoder.decode(query, StandardCharsets.UTF_8))
				.find();
		}
		catch (IllegalArgumentException malformed) {
			return false;
		}
	}

	static String keyOf(HttpServletRequest request, Authentication caller) {
		StringBuilder key = new StringBuilder(256).append(callerOf(caller))
			.append('\n')
			.append(request.getRequestURL());
		if (request.getQueryString() != null) {
			key.append('?').append(request.getQueryString());
		}
		for (String header : REPRESENTATION_HEADERS) {
			String value = request.getHeader(header);
			if (value != null) {
				key.append('\n').append(header).append(": ").append(value);
			}
		}
		return key.toString();
	}

	private static String callerOf(Authentication caller) {
		if (caller == null || caller instanceof AnonymousAuthenticationToken || !caller.isAuthenticated()) {
			return "anonymous";
		}
		if (caller instanceof JwtAuthenticationToken token) {
			Map<String, Object> grant = new TreeMap<>(token.getToken().getClaims());
			grant.keySet().removeAll(PER_TOKEN_CLAIMS);
			return "token " + grant;
		}
		return caller.getClass().getSimpleName() + " " + caller.getName() + " " + caller.getAuthorities();
	}

}
