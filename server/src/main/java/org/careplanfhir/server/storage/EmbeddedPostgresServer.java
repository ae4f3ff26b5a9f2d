package org.careplanfhir.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath, with its cluster in a folder
 * that survives restarts. The server is started by this class and stopped by {@link #close()}.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final String SUPERUSER = "postgres";

	private final EmbeddedPostgres postgres;

	private final String database;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, String database) {
		this.postgres = postgres;
		this.database = database;
	}

	static EmbeddedPostgresServer start(Path clusterDirectory, EmbeddedPostgresProperties settings) {
		long started = System.nanoTime();
		try {
			Files.createDirectories(clusterDirectory);
			OrphanedPostmaster.stopIfRunning(clusterDirectory);
			String durable = settings.durable() ? "on" : "off";
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(clusterDirectory)
				.setCleanDataDirectory(false)
				// Spring stops the server after the connection pool has closed; a JVM hook
				// of its own could stop it while requests are still draining.
				.setRegisterShutdownHook(false)
				.setPort(settings.port())
				// The library's defaults suit throwaway test databases; these are real data.
				.setServerConfig("fsync", durable)
				.setServerConfig("synchronous_commit", durable)
				.start();
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, settings.database());
			server.createDatabaseIfMissing();
			log.info("Embedded PostgreSQL started on port {} with its cluster in {} ({} ms)", postgres.getPort(),
					clusterDirectory, (System.nanoTime() - started) / 1_000_000);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + clusterDirectory, ex);
		}
	}

	String jdbcUrl() {
		return postgres.getJdbcUrl(SUPERUSER, database);
	}

	String username() {
		return SUPERUSER;
	}

	private void createDatabaseIfMissing() {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			exists.setString(1, database);
			try (ResultSet rows = exists.executeQuery()) {
				if (rows.next()) {
					return;
				}
			}
			try (Statement create = connection.createStatement()) {
				// The name is validated configuration, quoted as an identifier.
				create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\" ENCODING 'UTF8'");
			}
			log.info("Created database '{}' in the embedded PostgreSQL", database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database '" + database + "'", ex);
		}
	}

	@Override
	public void close() throws IOException {
		postgres.close();
	}

}
