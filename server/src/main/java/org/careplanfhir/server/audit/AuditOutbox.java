package org.careplanfhir.server.audit;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue that earlier versions put every record in first ({@code cp_audit_outbox}), for the
 * drain to turn into AuditEvents. This version stores events directly
 * ({@link AuditEventWriter}); the drain still empties the outbox, so that what an earlier server
 * left there, or still puts there while a cluster is upgraded one server at a time, becomes an
 * AuditEvent with its id.
 */
class AuditOutbox {

	private final JdbcTemplate database;

	AuditOutbox(DataSource dataSource) {
		this.database = new JdbcTemplate(dataSource);
	}

	/** Removes up to {@code max} of the oldest records, for the caller's transaction to turn into events. */
	List<Entry> take(int max) {
		return database.query("""
				DELETE FROM cp_audit_outbox WHERE id IN
					(SELECT id FROM cp_audit_outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
				RETURNING id, event""",
				(row, n) -> new Entry(row.getLong(1), row.getString(2), AuditRecord.fromJson(row.getString(2))), max);
	}

	/** A record taken from the outbox: its id, its JSON as stored, and the record it reads as. */
	record Entry(long id, String json, AuditRecord record) {
	}

}
