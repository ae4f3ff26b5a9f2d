package org.careplanfhir.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Starting the proof's processes, each logging to a file under target/, and waiting for them. */
final class Processes {

	static final Path LOGS = Path.of("target", "cluster-proof");

	private Processes() {
	}

	static Process start(String name, List<String> command) {
		try {
			Files.createDirectories(LOGS);
			List<String> java = new ArrayList<>();
			java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			java.addAll(command);
			return new ProcessBuilder(java).redirectErrorStream(true)
				.redirectOutput(LOGS.resolve(name + ".log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void await(String what, Process process, Duration atMost, BooleanSupplier ready) {
		Instant deadline = Instant.now().plus(atMost);
		while (!ready.getAsBoolean()) {
			if (!process.isAlive()) {
				throw new IllegalStateException(what + " exited with " + process.exitValue() + "; see " + LOGS);
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(what + " was not ready within " + atMost + "; see " + LOGS);
			}
			sleep(Duration.ofMillis(500));
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A free port below the ephemeral range, where no outgoing connection takes it meanwhile. */
	static int freePort() {
		java.util.Random random = new java.util.Random();
		for (int attempt = 0; attempt < 200; attempt++) {
			int candidate = 10_000 + random.nextInt(20_000);
			try (ServerSocket socket = new ServerSocket(candidate)) {
				return candidate;
			}
			catch (IOException taken) {
				// Try another.
			}
		}
		throw new IllegalStateException("No free port");
	}

	static Path newFolder(String name) {
		try {
			return Files.createTempDirectory(Files.createDirectories(LOGS), name + "-").toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
