package org.careplanfhir.server.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.datasource.init.UncategorizedScriptException;

/**
 * Runs a module's schema script ({@code CREATE ... IF NOT EXISTS}) under a {@link DatabaseLock}.
 * Two servers starting together on one database would otherwise race on the same {@code CREATE},
 * and PostgreSQL answers the loser with a duplicate-key error on its catalog.
 */
public final class SchemaScripts {

	private static final String LOCK = "careplan: schema scripts";

	private SchemaScripts() {
	}

	public static void apply(DataSource dataSource, String classpathLocation) {
		DatabaseLock.holding(dataSource, LOCK, () -> run(dataSource, classpathLocation));
	}

	/**
	 * Runs an upgrade script, under the same lock, only when {@code needed} (a query answering one
	 * boolean) answers true. For {@code ALTER TABLE}: PostgreSQL takes its exclusive lock on the table
	 * before it looks whether there is anything to change, so running one on every start would hold
	 * up the table's readers and writers each time.
	 */
	public static void upgradeWhen(DataSource dataSource, String needed, String classpathLocation) {
		DatabaseLock.holding(dataSource, LOCK, () -> {
			if (answersTrue(dataSource, needed)) {
				run(dataSource, classpathLocation);
			}
		});
	}

	private static boolean answersTrue(DataSource dataSource, String query) {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet answer = statement.executeQuery(query)) {
			return answer.next() && answer.getBoolean(1);
		}
		catch (SQLException ex) {
			throw new UncategorizedScriptException("Cannot tell whether the tables need an upgrade: " + query, ex);
		}
	}

	private static void run(DataSource dataSource, String classpathLocation) {
		try (Connection connection = dataSource.getConnection()) {
			new ResourceDatabasePopulator(new ClassPathResource(classpathLocation)).populate(connection);
		}
		catch (SQLException ex) {
			throw new UncategorizedScriptException("Cannot create the tables of " + classpathLocation, ex);
		}
	}

}
