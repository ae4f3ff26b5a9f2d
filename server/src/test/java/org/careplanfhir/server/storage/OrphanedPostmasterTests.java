package org.careplanfhir.server.storage;

import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrphanedPostmasterTests {

	@Test
	void aPostgresLeftRunningOnTheClusterIsStoppedSoTheServerCanStart() throws Exception {
		Path cluster = StandaloneServer.newDataDirectory().resolve("postgres");
		try (EmbeddedPostgres orphan = EmbeddedPostgres.builder().setDataDirectory(cluster).setCleanDataDirectory(false)
			.start()) {
			ProcessHandle postmaster = orphan.getProcess().toHandle();

			OrphanedPostmaster.stopIfRunning(cluster);

			await().atMost(Duration.ofSeconds(10)).until(() -> !postmaster.isAlive());
		}
	}

	@Test
	void aClusterWithoutARunningPostgresIsLeftAlone() throws Exception {
		Path cluster = StandaloneServer.newDataDirectory().resolve("postgres");

		OrphanedPostmaster.stopIfRunning(cluster);

		assertThat(cluster).doesNotExist();
	}

}
