package org.careplanfhir.server.audit;

import java.io.IOException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.careplanfhir.server.storage.DatabaseUnavailable;
import org.careplanfhir.server.web.FhirDocumentationPaths;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Follows every request to {@code /fhir} and, just before its answer leaves, commits its records as
 * AuditEvents: a client never sees an answer whose record could still be lost. A write's record has
 * already committed with the write. Discovery documents (the CapabilityStatement, SMART's
 * configuration) and CORS preflights show no one's data and are not recorded; nor is the audit trail
 * itself (reading AuditEvents would otherwise add AuditEvents without end).
 */
class AuditTrailFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(AuditTrailFilter.class);

	private final AuditEventWriter events;

	private final boolean reads;

	private final Counter lost;

	private final DatabaseUnavailable database;

	AuditTrailFilter(AuditEventWriter events, boolean reads, MeterRegistry meters, DatabaseUnavailable database) {
		this.events = events;
		this.reads = reads;
		this.database = database;
		this.lost = Counter.builder("careplan.audit.lost")
			.description("Audit records that could not be stored (the database refused them)")
			.register(meters);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.equals("/fhir") || path.startsWith("/fhir/")) || "OPTIONS".equals(request.getMethod()) || path.equals("/fhir/metadata")
				|| path.startsWith("/fhir/.well-known/") || path.startsWith("/fhir/AuditEvent") || FhirDocumentationPaths.contains(path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestAudit audit = RequestAudit.begin(request);
		AuditedResponse audited = new AuditedResponse(response, () -> record(audit, response));
		try {
			chain.doFilter(request, audited);
		}
		catch (ServletException | IOException | RuntimeException failure) {
			// Answered further out (a 503 for a lost database, else an error page): no record of an
			// outage the database cannot take; any other failure is the server's.
			if (!database.explains(failure)) {
				audited.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
				audited.answering();
			}
			throw failure;
		}
		audited.answering();
	}

	private void record(RequestAudit audit, HttpServletResponse response) {
		// A 503 read and wrote nothing: the server was not ready, or the database that would hold the
		// record is out of reach, and waiting for it would hold the refusal up.
		if (audit.isCommittedWithWrites() || response.getStatus() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
			return;
		}
		if (audit.caller() == Caller.UNKNOWN) {
			audit.caller(Caller.of(SecurityContextHolder.getContext().getAuthentication()));
		}
		try {
			events.addNow(audit.records(response.getStatus(), response.getHeader(HttpHeaders.WWW_AUTHENTICATE), reads));
		}
		catch (RuntimeException ex) {
			lost.increment();
			log.error("The audit record of {} could not be stored", audit.query(), ex);
		}
	}

}
