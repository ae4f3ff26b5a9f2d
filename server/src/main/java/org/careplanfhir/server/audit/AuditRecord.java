package org.careplanfhir.server.audit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One event as it is stored, in {@link #json() compact JSON}, from which its AuditEvent is rendered
 * when read ({@link AuditEventJson}). It is about at most one patient: an access that reached
 * several patients' records is recorded once per patient, as BALP asks, so that each patient's view
 * of who saw their record shows nothing of the others.
 *
 * @param recordedMillis when it happened, in milliseconds since the epoch
 * @param outcome FHIR's code: 0 success, 4 refused or failed for the client's reason, 8 the server's
 * @param reason why it was refused or failed, or what was granted; null on plain success
 * @param user the person's FHIR resource ({@code Practitioner/7}), or null
 * @param subject the token's subject or the account's name, or null
 * @param client the OAuth2 client id, or null
 * @param address the caller's network address, or null
 * @param patient the patient it concerns ({@code Patient/1}), or null
 * @param entities the records it touched, as references
 * @param query the request as sent, path and query string, for searches and operations
 * @param name the operation ({@code $everything}) or the type searched
 */
record AuditRecord(long recordedMillis, AuditedAction action, int outcome, String reason, String user, String subject,
		String client, String address, String patient, List<String> entities, String query, String name) {

	static final int SUCCESS = 0;

	static final int MINOR_FAILURE = 4;

	static final int SERIOUS_FAILURE = 8;

	// Absent fields read as null: a record stores only what it has.
	private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

	AuditRecord {
		entities = entities == null ? List.of() : List.copyOf(entities);
	}

	/** The outcome code of an HTTP status. */
	static int outcomeOf(int status) {
		return status >= 500 ? SERIOUS_FAILURE : status >= 400 ? MINOR_FAILURE : SUCCESS;
	}

	/** The record as stored: its fields as JSON, without those it does not have. */
	String json() {
		try {
			return JSON.writeValueAsString(this);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("An audit record could not be written as JSON", ex);
		}
	}

	static AuditRecord fromJson(String json) {
		try {
			return JSON.readValue(json, AuditRecord.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A stored audit record is not readable: " + json, ex);
		}
	}

}
