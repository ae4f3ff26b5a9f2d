package org.careplanfhir.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

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

	/** Any fixed number: the lock only has to be the same for every server. */
	private static final long LOCK = 0x6361_7265_706c_616eL;

	private SchemaScripts() {
	}

	public static void apply(DataSource dataSource, String classpathLocation) {
		DatabaseLock.holding(dataSource, LOCK, () -> {
			try (Connection connection = dataSource.getConnection()) {
				new ResourceDatabasePopulator(new ClassPathResource(classpathLocation)).populate(connection);
			}
			catch (SQLException ex) {
				throw new UncategorizedScriptException("Cannot create the tables of " + classpathLocation, ex);
			}
		});
	}

}
