package org.careplanfhir.server.audit;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue every record enters first ({@code cp_audit_outbox}): a write's records in the writing
 * transaction, so they commit with it or not at all; every other record in a short transaction of
 * its own, committed before the caller is answered.
 */
class AuditOutbox {

	private final JdbcTemplate database;

	private final TransactionTemplate ownTransaction;

	private final ObjectMapper json = new ObjectMapper();

	/** @param ownTransaction a template that always begins a new transaction */
	AuditOutbox(JdbcTemplate database, TransactionTemplate ownTransaction) {
		this.database = database;
		this.ownTransaction = ownTransaction;
	}

	/** Adds to the transaction the thread is in: the records commit or roll back with it. */
	void addToCurrentTransaction(List<AuditRecord> records) {
		insert(records);
	}

	/** Adds and commits, whatever transaction the thread may be in. */
	void addNow(List<AuditRecord> records) {
		if (!records.isEmpty()) {
			ownTransaction.executeWithoutResult(status -> insert(records));
		}
	}

	private void insert(List<AuditRecord> records) {
		if (records.size() == 1) {
			database.update("INSERT INTO cp_audit_outbox (event) VALUES (?)", write(records.get(0)));
			return;
		}
		database.batchUpdate("INSERT INTO cp_audit_outbox (event) VALUES (?)",
				records.stream().map(record -> new Object[] { write(record) }).toList());
	}

	/** Removes up to {@code max} of the oldest records, for the caller's transaction to turn into events. */
	List<Entry> take(int max) {
		return database.query("""
				DELETE FROM cp_audit_outbox WHERE id IN
					(SELECT id FROM cp_audit_outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
				RETURNING id, event""", (row, n) -> new Entry(row.getLong(1), read(row.getString(2))), max);
	}

	long pending() {
		Long count = database.queryForObject("SELECT count(*) FROM cp_audit_outbox", Long.class);
		return count == null ? 0 : count;
	}

	private String write(AuditRecord record) {
		try {
			return json.writeValueAsString(record);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("An audit record could not be written as JSON", ex);
		}
	}

	private AuditRecord read(String event) {
		try {
			return json.readValue(event, AuditRecord.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("An audit record in the outbox is not readable: " + event, ex);
		}
	}

	record Entry(long id, AuditRecord record) {
	}

}
