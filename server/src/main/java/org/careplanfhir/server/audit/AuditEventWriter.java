package org.careplanfhir.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stores every record as an AuditEvent row ({@code cp_audit_event}) on the path of the request that
 * made it: a write's records in the writing transaction, so they commit with it or not at all; every
 * other record in a short transaction, shared with concurrent callers', committed before the caller
 * is answered. So an event is searchable the moment its answer leaves, and nothing copies it later.
 */
class AuditEventWriter {

	private final JdbcTemplate database;

	private final DataSource dataSource;

	private final GroupCommit<Object[]> commits = new GroupCommit<>(this::insertAndCommit);

	AuditEventWriter(DataSource dataSource) {
		this.dataSource = dataSource;
		this.database = new JdbcTemplate(dataSource);
	}

	/** Adds to the transaction the thread is in: the records commit or roll back with it. */
	void addToCurrentTransaction(List<AuditRecord> records) {
		if (records.size() == 1) {
			database.update(AuditEventStore.INSERT_NEW, rowOf(records.get(0)));
			return;
		}
		database.batchUpdate(AuditEventStore.INSERT_NEW, records.stream().map(AuditEventWriter::rowOf).toList());
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
		List<Object[]> rows = new ArrayList<>(records.size());
		for (AuditRecord record : records) {
			rows.add(rowOf(record));
		}
		commits.commit(rows);
	}

	private static Object[] rowOf(AuditRecord record) {
		return AuditEventStore.columns(record, record.json());
	}

	/**
	 * One statement and one commit, on a connection of its own taken from the pool past Spring's
	 * transaction binding. On the request's path, so nothing heavier than that.
	 */
	private void insertAndCommit(List<Object[]> rows) {
		try (Connection connection = dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement(AuditEventStore.INSERT_NEW)) {
				for (Object[] row : rows) {
					// Bound as JdbcTemplate binds the drain's rows: the driver takes String[] as text[].
					for (int i = 0; i < row.length; i++) {
						insert.setObject(i + 1, row[i]);
					}
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
			throw new IllegalStateException("The audit trail refused a record: " + ex.getMessage(), ex);
		}
	}

}
