package org.careplanfhir.server.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Work that one server at a time may do on a database several servers share (creating tables,
 * installing packages), under a PostgreSQL advisory lock: a second server starting at the same
 * moment waits, then finds the work done. The lock is held on a connection of its own, which the
 * work does not use; it is released when the work ends, or when that connection drops.
 */
public final class DatabaseLock implements AutoCloseable {

	private final Connection connection;

	private final long lock;

	private DatabaseLock(Connection connection, long lock) {
		this.connection = connection;
		this.lock = lock;
	}

	/** Runs the work holding the lock with this number, waiting for it as long as another holds it. */
	public static void holding(DataSource dataSource, long lock, Runnable work) {
		try (DatabaseLock held = take(dataSource, lock)) {
			work.run();
		}
	}

	/**
	 * Takes the lock with this number, waiting for it as long as another holds it, for work that
	 * does not fit in one call; {@link #close()} releases it.
	 */
	public static DatabaseLock take(DataSource dataSource, long lock) {
		Connection connection = null;
		try {
			connection = dataSource.getConnection();
			try (Statement take = connection.createStatement()) {
				take.execute("SELECT pg_advisory_lock(" + lock + ")");
			}
			return new DatabaseLock(connection, lock);
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new DataAccessResourceFailureException("Cannot take the database lock " + lock, ex);
		}
	}

	@Override
	public void close() {
		try (Connection held = connection; Statement release = held.createStatement()) {
			release.execute("SELECT pg_advisory_unlock(" + lock + ")");
		}
		catch (SQLException ex) {
			// Unlocking fails only on a broken connection; the pool discards it, and the lock ends with its session.
			throw new DataAccessResourceFailureException("Cannot release the database lock " + lock, ex);
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection == null) {
			return;
		}
		try {
			connection.close();
		}
		catch (SQLException ignored) {
			// The connection is unusable either way; the first failure is the one to report.
		}
	}

}
