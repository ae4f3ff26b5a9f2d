package org.careplanfhir.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue every record enters first ({@code cp_audit_outbox}): a write's records in the writing
 * transaction, so they commit with it or not at all; every other record in a short transaction,
 * shared with concurrent callers', committed before the caller is answered.
 */
class AuditOutbox {

	private static final String INSERT = "INSERT INTO cp_audit_outbox (event) VALUES (?)";

	private final JdbcTemplate database;

	private final DataSource dataSource;

	// Absent fields read as null: a record stores only what it has.
	private static final ObjectMapper RECORD_JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

	private final GroupCommit<String> commits = new GroupCommit<>(this::insertAndCommit);

	AuditOutbox(DataSource dataSource) {
		this.dataSource = dataSource;
		this.database = new JdbcTemplate(dataSource);
	}

	/** Adds to the transaction the thread is in: the records commit or roll back with it. */
	void addToCurrentTransaction(List<AuditRecord> records) {
		insert(records);
	}

	/**
	 * Adds and commits, whatever transaction the thread may be in, and returns once the records are
	 * on disk. Concurrent callers share commits ({@link GroupCommit}): a read's record costs its
	 * caller a wait for the commit under way, not a commit of its own each.
	 */
	void addNow(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		List<String> events = new ArrayList<>(records.size());
		for (AuditRecord record : records) {
			events.add(write(record));
		}
		commits.commit(events);
	}

	/**
	 * One statement and one commit, on a connection of its own taken from the pool past Spring's
	 * transaction binding. On the request's path, so nothing heavier than that.
	 */
	private void insertAndCommit(List<String> events) {
		try (Connection connection = dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
				for (String event : events) {
					insert.setString(1, event);
					insert.addBatch();
				}
				insert.executeBatch();
				connection.commit();
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The audit outbox refused a record: " + ex.getMessage(), ex);
		}
	}

	private void insert(List<AuditRecord> records) {
		if (records.size() == 1) {
			database.update(INSERT, write(records.get(0)));
			return;
		}
		database.batchUpdate(INSERT,
				records.stream().map(record -> new Object[] { write(record) }).toList());
	}

	/** Removes up to {@code max} of the oldest records, for the caller's transaction to turn into events. */
	List<Entry> take(int max) {
		return database.query("""
				DELETE FROM cp_audit_outbox WHERE id IN
					(SELECT id FROM cp_audit_outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
				RETURNING id, event""", (row, n) -> new Entry(row.getLong(1), row.getString(2), read(row.getString(2))), max);
	}

	long pending() {
		Long count = database.queryForObject("SELECT count(*) FROM cp_audit_outbox", Long.class);
		return count == null ? 0 : count;
	}

	private String write(AuditRecord record) {
		try {
			return RECORD_JSON.writeValueAsString(record);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("An audit record could not be written as JSON", ex);
		}
	}

	static AuditRecord read(String event) {
		try {
			return RECORD_JSON.readValue(event, AuditRecord.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("An audit record in the outbox is not readable: " + event, ex);
		}
	}

	/** A record taken from the outbox: its id, its JSON as stored, and the record it reads as. */
	record Entry(long id, String json, AuditRecord record) {
	}

}
