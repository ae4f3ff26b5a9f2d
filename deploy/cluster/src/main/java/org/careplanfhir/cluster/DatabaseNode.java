package org.careplanfhir.cluster;

import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server for the cluster benchmark ({@code deploy/bench/cluster-vs-single.sh}), from
 * the binaries Maven Central serves: the shared database two server instances use. Prints
 * {@code STARTED} once it takes connections, and stops with the process.
 * <p>
 * Arguments: its data folder, and its port.
 */
public final class DatabaseNode {

	private DatabaseNode() {
	}

	public static void main(String[] arguments) throws Exception {
		EmbeddedPostgres database = EmbeddedPostgres.builder()
			.setDataDirectory(Path.of(arguments[0]))
			.setCleanDataDirectory(false)
			.setPort(Integer.parseInt(arguments[1]))
			// Sized for two server instances' connection pools and the benchmark's clients.
			.setServerConfig("max_connections", "300")
			.start();
		NodeProcess.serveUntilStopped(database);
	}

}
