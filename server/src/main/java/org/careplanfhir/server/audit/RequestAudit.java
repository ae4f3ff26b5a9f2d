package org.careplanfhir.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.careplanfhir.server.web.AnswerFacts;

/**
 * The audit trail's note of one request to {@code /fhir}, from the moment it arrives: who sent it
 * from where, what HAPI made of it, why it was refused, and whether its record already committed
 * with its writes. Kept as a request attribute.
 */
final class RequestAudit {

	private static final String ATTRIBUTE = RequestAudit.class.getName();

	private final HttpServletRequest request;

	private final long arrivedMillis = System.currentTimeMillis();

	private volatile Caller caller = Caller.UNKNOWN;

	private volatile String reason;

	private volatile boolean committedWithWrites;

	private RequestAudit(HttpServletRequest request) {
		this.request = request;
	}

	static RequestAudit begin(HttpServletRequest request) {
		RequestAudit audit = new RequestAudit(request);
		request.setAttribute(ATTRIBUTE, audit);
		return audit;
	}

	/** The note of this request, or null for a request the trail does not follow. */
	static RequestAudit of(HttpServletRequest request) {
		return request == null ? null : (RequestAudit) request.getAttribute(ATTRIBUTE);
	}

	/** What HAPI makes of the request and its answer; an answer replayed from memory brings its own. */
	Answer answer() {
		Object kept = request.getAttribute(AnswerFacts.ATTRIBUTE);
		if (kept instanceof Answer answer) {
			return answer;
		}
		Answer answer = new Answer();
		request.setAttribute(AnswerFacts.ATTRIBUTE, answer);
		return answer;
	}

	void caller(Caller caller) {
		this.caller = caller;
	}

	Caller caller() {
		return caller;
	}

	void refusedBecause(String reason) {
		this.reason = reason;
	}

	void committedWithWrites() {
		this.committedWithWrites = true;
	}

	boolean isCommittedWithWrites() {
		return committedWithWrites;
	}

	String address() {
		return request.getRemoteAddr();
	}

	/** The path below the FHIR base: {@code /Goal/5}. */
	private String belowBase() {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.startsWith("/fhir") ? path.substring("/fhir".length()) : path;
	}

	/** The request as sent: path and query string. */
	String query() {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return request.getQueryString() == null ? path : path + "?" + request.getQueryString();
	}

	/**
	 * The records of this request's answer: one per patient whose records it showed (or none), each
	 * naming what it showed of that patient when the request named records, the query when it searched.
	 */
	List<AuditRecord> records(int status, String challenge, boolean reads) {
		Answer answer = answer();
		AuditedAction action = answer.action() != null ? answer.action()
				: AuditedAction.attempted(request.getMethod(), belowBase());
		int outcome = AuditRecord.outcomeOf(status);
		if (outcome == AuditRecord.SUCCESS && !reads && !action.writes() && action != AuditedAction.TRANSACTION
				&& action != AuditedAction.BATCH) {
			return List.of();
		}
		String why = outcome == AuditRecord.SUCCESS ? null : reasonFor(status, challenge);
		boolean namesRecords = action == AuditedAction.READ || action == AuditedAction.VREAD || action.writes();
		// A request refused before HAPI named its records is known by what was asked.
		String query = namesRecords && answer.target() != null ? null : query();
		Map<String, Set<String>> shown = answer.shownByPatient();
		List<AuditRecord> records = new ArrayList<>();
		if (shown.isEmpty()) {
			List<String> entities = answer.target() == null ? List.of() : List.of(answer.target());
			String patient = answer.target() != null && answer.target().startsWith("Patient/") ? answer.target() : null;
			records.add(record(action, outcome, why, patient, entities, query, answer.name()));
			return records;
		}
		if (shown.size() > 1) {
			// What belongs to no patient (a Provenance, a Practitioner) is reported with the patients' records.
			shown.remove(null);
		}
		shown.forEach((patient, recordsShown) -> records.add(record(action, outcome, why, patient,
				namesRecords ? List.copyOf(recordsShown) : List.of(), query, answer.name())));
		return records;
	}

	private AuditRecord record(AuditedAction action, int outcome, String why, String patient, List<String> entities,
			String query, String name) {
		Caller who = caller;
		return new AuditRecord(arrivedMillis, action, outcome, why, who.user(), who.subject(), who.client(), address(),
				patient, entities, query, name);
	}

	private String reasonFor(int status, String challenge) {
		if (status >= 500) {
			return "The server could not answer (HTTP " + status + ")";
		}
		if (reason != null) {
			return reason;
		}
		if (challenge != null && !challenge.isBlank()) {
			return challenge;
		}
		return "HTTP " + status;
	}

}
