package org.careplanfhir.server.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A number every instance of the cluster moves when it begins or ends a write, read by the others
 * to know that an answer they kept may be stale. It is a database sequence, read and moved over a
 * small pool of its own: a write moves it after its commit, while the write's own connection may
 * still be held, and must not wait for the main pool for that.
 */
public final class ClusterWrites implements AutoCloseable {

	private final HikariDataSource counterPool;

	ClusterWrites(HikariDataSource counterPool) {
		this.counterPool = counterPool;
	}

	/** The number now: it differs from an earlier reading if any instance wrote in between. */
	public long current() {
		return query("SELECT last_value FROM careplan_store_generation");
	}

	/** Moves the number, for every instance to see at its next reading. */
	public void moved() {
		query("SELECT nextval('careplan_store_generation')");
	}

	@Override
	public void close() {
		counterPool.close();
	}

	private long query(String sql) {
		try (Connection connection = counterPool.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Cannot read the cluster's write counter", ex);
		}
	}

}
