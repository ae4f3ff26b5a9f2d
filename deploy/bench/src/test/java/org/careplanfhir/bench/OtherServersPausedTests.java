package org.careplanfhir.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtherServersPausedTests {

	private Process measured;

	private Process other;

	@BeforeEach
	void startTwoStandInServers() throws IOException {
		measured = new ProcessBuilder("sleep", "120").start();
		other = new ProcessBuilder("sleep", "120").start();
	}

	@AfterEach
	void stopThem() {
		// SIGKILL ends a stopped process too.
		measured.destroyForcibly();
		other.destroyForcibly();
	}

	@Test
	void theOtherServerIsStoppedWhileOneIsMeasuredAndContinuedAfter() throws IOException {
		try (OtherServersPaused paused = OtherServersPaused.allBut(0, 2, measured.pid() + "," + other.pid())) {
			assertThat(state(other)).as("the other server, while one is measured").isEqualTo('T');
			assertThat(state(measured)).as("the measured server").isNotEqualTo('T');
		}
		assertThat(state(other)).as("the other server, afterwards").isNotEqualTo('T');
	}

	@Test
	void withoutProcessIdsNothingIsPaused() throws IOException {
		try (OtherServersPaused paused = OtherServersPaused.allBut(0, 2, null)) {
			assertThat(state(other)).isNotEqualTo('T');
		}
	}

	@Test
	void processIdsThatDoNotMatchTheBasesAreRefusedBeforeAnythingIsPaused() throws IOException {
		assertThatThrownBy(() -> OtherServersPaused.allBut(0, 2, String.valueOf(other.pid())))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("one process id per base (2)");
		assertThatThrownBy(() -> OtherServersPaused.allBut(0, 2, measured.pid() + ",starter"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(state(other)).isNotEqualTo('T');
	}

	/** The process's state letter from {@code /proc} ({@code T}: stopped by a signal). */
	private static char state(Process process) throws IOException {
		String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
		return stat.charAt(stat.lastIndexOf(')') + 2);
	}

}
