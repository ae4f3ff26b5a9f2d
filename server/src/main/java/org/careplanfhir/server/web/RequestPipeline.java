package org.careplanfhir.server.web;

import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationConstants;

import org.springframework.core.Ordered;

/**
 * The order in which our parts meet a request, in one place. Every servlet filter of ours is
 * registered with one of the filter positions, and every HAPI {@code @Hook} of ours names one of the
 * hook positions; nothing relies on the order in which beans happen to be created.
 *
 * <pre>
 * request log → ready before serving → database outage → audit trail → authenticate (Spring Security) → body checks → read cache
 *   → answers sent whole
 *   → HAPI: audit (request) → request shape → scope gate → capability guards → validation and workflow rules
 *           → answer completion → compartment checks (HAPI's authorization rules) → reference checks
 *           → bookkeeping after the write → response shaping → audit (answer) → error mapping → last-resort error answer
 * </pre>
 */
public final class RequestPipeline {

	// Servlet filters: a lower order meets the request first (and the response last).

	/** Outermost, so that its line times and reports everything else, refusals included. */
	public static final int REQUEST_LOG = Ordered.HIGHEST_PRECEDENCE;

	/** Before anything that reads data: a request that comes while the server starts waits outside. */
	public static final int READY_BEFORE_SERVING = REQUEST_LOG + 5;

	/** Before the token checks, which need the database for revocation. */
	public static final int DATABASE_OUTAGE = REQUEST_LOG + 10;

	/** Outside authentication, so that a request refused for its token is recorded too; the database is up. */
	public static final int AUDIT_TRAIL = REQUEST_LOG + 15;

	/** Spring Security's filter chain (Spring Boot's default {@code spring.security.filter.order}). */
	public static final int AUTHENTICATE = org.springframework.boot.autoconfigure.security.SecurityProperties.DEFAULT_FILTER_ORDER;

	/** After authentication: an anonymous caller is refused before its body is read. */
	public static final int BODY_CHECK = AUTHENTICATE + 5;

	/** After authentication, since answers are kept per caller; before HAPI, which it spares. */
	public static final int READ_CACHE = AUTHENTICATE + 10;

	/** Answers we serve ourselves beside HAPI (SMART discovery, the direct error path). */
	public static final int OWN_ANSWERS = AUTHENTICATE + 20;

	/** Innermost: the response HAPI writes into holds its flushes ({@code AnswersSentWhole}). */
	public static final int ANSWER_BUFFERING = AUTHENTICATE + 30;

	// Spring Security filter chains: the first whose paths match a request handles it.

	/** The OAuth2 endpoints of the embedded authorization server ({@code /oauth2/**}, discovery). */
	public static final int AUTHORIZATION_SERVER_CHAIN = 1;

	/** {@code /fhir/**}: bearer tokens only. */
	public static final int FHIR_ENDPOINT_CHAIN = 2;

	/** The admin API and EHR launch: HTTP Basic, stateless. */
	public static final int ADMIN_API_CHAIN = 3;

	/** Sign-in, patient picker and consent pages: a session. */
	public static final int WEB_PAGES_CHAIN = 4;

	// HAPI hooks: within one pointcut a lower order runs first. HAPI's own interceptors run at 0
	// unless HAPI says otherwise; an order of 0 is HAPI's "not given", so every position but error
	// mapping is another number.

	/** Before any other hook sees a search's matches: whether they fit on one page ({@code OnePageSearches}). */
	public static final int SEARCH_PLAN = -1000;

	/** What the audit trail notes of a request (who, what), before anything may refuse it. */
	public static final int AUDIT_REQUEST = -500;

	/** Whether the request is well formed (If-Match, search controls, patches, transaction entries, export polls). */
	public static final int REQUEST_SHAPE = -400;

	/** Whether the token's scopes grant the interaction and the types it reaches. */
	public static final int SCOPE_GATE = -300;

	/** The data-path guards an access policy brings (whose export, whose file). */
	public static final int CAPABILITY_GUARDS = -200;

	/** Profiles and workflow rules, on what is about to be stored. */
	public static final int VALIDATION = -100;

	/** Records an answer gains before the compartment checks, which judge them with the rest. */
	public static final int ANSWER_COMPLETION = VALIDATION + 50;

	/**
	 * Compartment confinement: HAPI's authorization and search-narrowing interceptors, at the order
	 * HAPI gives its authorization interceptor.
	 */
	public static final int COMPARTMENT_CHECKS = AuthorizationConstants.ORDER_AUTH_INTERCEPTOR;

	/** What a write points at, once the write itself is allowed. */
	public static final int REFERENCE_CHECKS = COMPARTMENT_CHECKS + 10;

	/** Changes to what an answer says, once it is allowed to be shown. */
	public static final int RESPONSE_SHAPING = 300;

	/** What the audit trail notes of an answer (whose records it shows), once nothing may change it. */
	public static final int AUDIT_ANSWER = RESPONSE_SHAPING + 100;

	/** Turning exceptions into the answers clients get, at HAPI's default order as its own exception handling. */
	public static final int ERROR_MAPPING = 0;

	/** The answer for a fault nothing else explained: an error id and nothing more. */
	public static final int LAST_RESORT_ERROR = Integer.MAX_VALUE;

	/** What happens once a write has passed every check (the read cache's generation, validation caches, what full text indexes). */
	public static final int BOOKKEEPING = 500;

	private RequestPipeline() {
	}

}
