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
public final class DatabaseLock {

	private DatabaseLock() {
	}

	/** Runs the work holding the lock with this number, waiting for it as long as another holds it. */
	public static void holding(DataSource dataSource, long lock, Runnable work) {
		try (Connection connection = dataSource.getConnection()) {
			try (Statement take = connection.createStatement()) {
				take.execute("SELECT pg_advisory_lock(" + lock + ")");
			}
			try {
				work.run();
			}
			finally {
				try (Statement release = connection.createStatement()) {
					release.execute("SELECT pg_advisory_unlock(" + lock + ")");
				}
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Cannot take the database lock " + lock, ex);
		}
	}

}
