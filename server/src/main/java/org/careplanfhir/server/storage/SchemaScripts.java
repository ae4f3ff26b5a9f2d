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

	private static final String LOCK = "careplan: schema scripts";

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
