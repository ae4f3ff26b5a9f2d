package org.careplanfhir.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process killed without a chance to shut down (kill -9, an out-of-memory kill) leaves
 * its embedded PostgreSQL running on the cluster folder, and the next start would fail to open
 * it. PostgreSQL records its process id in {@code postmaster.pid}; if that process is still a
 * running PostgreSQL, it is asked to shut down cleanly (SIGTERM: smart shutdown, no data lost).
 */
final class OrphanedPostmaster {

	private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

	private OrphanedPostmaster() {
	}

	static void stopIfRunning(Path clusterDirectory) throws IOException {
		Path pidFile = clusterDirectory.resolve("postmaster.pid");
		if (!Files.isReadable(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.size() < 2 || !lines.get(1).trim().equals(clusterDirectory.toAbsolutePath().toString())) {
			return;
		}
		Optional<ProcessHandle> postmaster = parsePid(lines.get(0)).flatMap(ProcessHandle::of)
			.filter(ProcessHandle::isAlive)
			.filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
		if (postmaster.isEmpty()) {
			return;
		}
		log.warn("Stopping PostgreSQL process {} left running on {} by an earlier server that did not shut down",
				postmaster.get().pid(), clusterDirectory);
		postmaster.get().destroy();
		try {
			postmaster.get().onExit().get(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while waiting for the orphaned PostgreSQL to stop", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IOException("The orphaned PostgreSQL process " + postmaster.get().pid() + " did not stop within "
					+ SHUTDOWN_WAIT.toSeconds() + " s; stop it and start again", ex);
		}
	}

	private static Optional<Long> parsePid(String line) {
		try {
			return Optional.of(Long.parseLong(line.trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
