package org.careplanfhir.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Work that one server at a time may do on a database several servers share (creating tables,
 * installing packages), under a PostgreSQL advisory lock: a second server starting at the same
 * moment waits, then finds the work done. A lock is named for the work it guards; PostgreSQL's
 * 64-bit hash of the name is the advisory lock's key, the same on every server. The lock is held on
 * a connection of its own, which the work does not use; it is released when the work ends, or when
 * that connection drops.
 */
public final class DatabaseLock implements AutoCloseable {

	private final Connection connection;

	private final String name;

	private DatabaseLock(Connection connection, String name) {
		this.connection = connection;
		this.name = name;
	}

	/** Runs the work holding the lock of this name, waiting for it as long as another holds it. */
	public static void holding(DataSource dataSource, String name, Runnable work) {
		try (DatabaseLock held = take(dataSource, name)) {
			work.run();
		}
	}

	/**
	 * Takes the lock of this name, waiting for it as long as another holds it, for work that does
	 * not fit in one call; {@link #close()} releases it.
	 */
	public static DatabaseLock take(DataSource dataSource, String name) {
		Connection connection = null;
		try {
			connection = dataSource.getConnection();
			try (PreparedStatement take = connection.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
				take.setString(1, name);
				take.execute();
			}
			return new DatabaseLock(connection, name);
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new DataAccessResourceFailureException("Cannot take the database lock '" + name + "'", ex);
		}
	}

	@Override
	public void close() {
		try (Connection held = connection;
				PreparedStatement release = held.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
			release.setString(1, name);
			release.execute();
		}
		catch (SQLException ex) {
			// Unlocking fails only on a broken connection; the pool discards it, and the lock ends with its session.
			throw new DataAccessResourceFailureException("Cannot release the database lock '" + name + "'", ex);
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
