package org.careplanfhir.server.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.datasource.init.UncategorizedScriptException;

/**
 * Runs a module's schema script ({@code CREATE ... IF NOT EXISTS}) under a PostgreSQL advisory
 * lock. Two servers starting together on one database would otherwise race on the same
 * {@code CREATE}, and PostgreSQL answers the loser with a duplicate-key error on its catalog.
 */
public final class SchemaScripts {

	/** Any fixed number: the lock only has to be the same for every server. */
	private static final long LOCK = 0x6361_7265_706c_616eL;

	private SchemaScripts() {
	}

	public static void apply(DataSource dataSource, String classpathLocation) {
		try (Connection connection = dataSource.getConnection()) {
			try (Statement lock = connection.createStatement()) {
				lock.execute("SELECT pg_advisory_lock(" + LOCK + ")");
			}
			try {
				new ResourceDatabasePopulator(new ClassPathResource(classpathLocation)).populate(connection);
			}
			finally {
				try (Statement unlock = connection.createStatement()) {
					unlock.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
				}
			}
		}
		catch (SQLException ex) {
			throw new UncategorizedScriptException("Cannot create the tables of " + classpathLocation, ex);
		}
	}

}
