package org.careplanfhir.server.readcache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.careplanfhir.server.web.AnswerFacts;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers a cacheable request (see {@link ReadCacheKeys}) from memory when the same caller asked
 * the same thing and nothing has been written since; otherwise lets the server answer and keeps a
 * successful answer if no write happened while it was computed. It runs after authentication, so
 * a request with a revoked or expired token never reaches it, and inside the FHIR endpoint's own
 * authorization, which the kept answer already passed for the same grant.
 */
class CachedReadsFilter extends OncePerRequestFilter {

	/** Headers that belong to one exchange, not to the answer; the content type is kept on its own. */
	private static final Set<String> PER_EXCHANGE_HEADERS = Set.of("date", "x-request-id", "content-length",
			"transfer-encoding", "connection", "keep-alive", "content-type");

	private static final Pattern REQUEST_ID = Pattern.compile("[a-zA-Z0-9_-]{1,200}");

	private final Cache<String, CachedResponse> answers;

	private final StoreGeneration store;

	private final long maxEntryBytes;

	private final Counter hits;

	private final Counter misses;

	CachedReadsFilter(Cache<String, CachedResponse> answers, StoreGeneration store, long maxEntryBytes,
			MeterRegistry meters) {
		this.answers = answers;
		this.store = store;
		this.maxEntryBytes = maxEntryBytes;
		this.hits = Counter.builder("careplan.read.cache").tag("outcome", "hit").register(meters);
		this.misses = Counter.builder("careplan.read.cache").tag("outcome", "miss").register(meters);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !ReadCacheKeys.cacheable(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long generation = store.current();
		String key = ReadCacheKeys.keyOf(request, SecurityContextHolder.getContext().getAuthentication());
		CachedResponse kept = answers.getIfPresent(key);
		if (kept != null && kept.generation() == generation) {
			hits.increment();
			replay(kept, request, response);
			return;
		}
		misses.increment();
		ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, recorded);
			if (recorded.getStatus() == HttpServletResponse.SC_OK && recorded.getContentSize() <= maxEntryBytes
					&& store.current() == generation) {
				answers.put(key, new CachedResponse(generation, recorded.getContentType(), headersOf(recorded),
						recorded.getContentAsByteArray(), request.getAttribute(AnswerFacts.ATTRIBUTE)));
			}
		}
		finally {
			recorded.copyBodyToResponse();
		}
	}

	private static List<String[]> headersOf(HttpServletResponse response) {
		List<String[]> headers = new ArrayList<>();
		for (String name : new LinkedHashSet<>(response.getHeaderNames())) {
			if (!PER_EXCHANGE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				for (String value : response.getHeaders(name)) {
					headers.add(new String[] { name, value });
				}
			}
		}
		return headers;
	}

	/** The client's own request id when it sent a well-formed one, as HAPI echoes it; else a new one. */
	private static String requestId(HttpServletRequest request) {
		String sent = request.getHeader("X-Request-ID");
		return sent != null && REQUEST_ID.matcher(sent).matches() ? sent
				: UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

	private static void replay(CachedResponse kept, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (kept.facts() != null) {
			request.setAttribute(AnswerFacts.ATTRIBUTE, kept.facts());
		}
		response.setStatus(HttpServletResponse.SC_OK);
		// Headers the filters before this one set (security headers) are already there.
		Set<String> present = Set.copyOf(response.getHeaderNames());
		for (String[] header : kept.headers()) {
			if (!present.contains(header[0])) {
				response.addHeader(header[0], header[1]);
			}
		}
		response.setHeader("X-Request-ID", requestId(request));
		if (kept.contentType() != null) {
			response.setContentType(kept.contentType());
		}
		response.setContentLength(kept.body().length);
		response.getOutputStream().write(kept.body());
	}

}
