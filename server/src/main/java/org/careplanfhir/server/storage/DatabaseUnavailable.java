package org.careplanfhir.server.storage;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.apache.commons.lang3.exception.ExceptionUtils;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;

/**
 * Tells a failure to reach PostgreSQL (stopped, restarting, unreachable, or every pooled connection
 * busy past {@code spring.datasource.hikari.connection-timeout}) from other failures: the first is
 * answered 503 with {@code Retry-After}, as a client should wait and try again, not give up. A
 * connection lost in the middle of a request often surfaces only as "connection is closed" or a
 * failed rollback; for such database failures the database itself is asked (a validity check of
 * at most a second) whether it is there.
 */
@Component
public class DatabaseUnavailable {

	/** Seconds a client is asked to wait before retrying. */
	public static final int RETRY_AFTER_SECONDS = 5;

	public static final String MESSAGE = "The database is not reachable at the moment; nothing was changed."
			+ " Retry after " + RETRY_AFTER_SECONDS + " seconds";

	private final ObjectProvider<DataSource> dataSource;

	public DatabaseUnavailable(ObjectProvider<DataSource> dataSource) {
		this.dataSource = dataSource;
	}

	/** Whether this failure comes from the database being out of reach. */
	public boolean explains(Throwable thrown) {
		if (isConnectionFailure(thrown)) {
			return true;
		}
		return isDatabaseFailure(thrown) && !answers();
	}

	/** Failures that name a lost or refused connection themselves. */
	public static boolean isConnectionFailure(Throwable thrown) {
		return ExceptionUtils.getThrowableList(thrown).stream().anyMatch(DatabaseUnavailable::namesLostConnection);
	}

	private static boolean namesLostConnection(Throwable cause) {
		// SQL state class 08 is "connection exception"; 57P01-57P03 are PostgreSQL shutting down or starting.
		return cause instanceof SQLTransientConnectionException || cause instanceof CannotCreateTransactionException
				|| cause instanceof DataAccessResourceFailureException || cause instanceof ConnectException
				|| cause.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")
				|| (cause instanceof SQLException sql && sql.getSQLState() != null
						&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0")));
	}

	private static boolean isDatabaseFailure(Throwable thrown) {
		return ExceptionUtils.getThrowableList(thrown).stream()
			.anyMatch(cause -> cause instanceof SQLException || cause instanceof DataAccessException
					|| cause instanceof TransactionException || cause.getClass().getName().startsWith("org.hibernate."));
	}

	private boolean answers() {
		DataSource database = dataSource.getIfAvailable();
		if (database == null) {
			return true;
		}
		try (Connection connection = database.getConnection()) {
			return connection.isValid(1);
		}
		catch (SQLException | RuntimeException unreachable) {
			return false;
		}
	}

}
