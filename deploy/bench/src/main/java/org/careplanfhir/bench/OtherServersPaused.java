package org.careplanfhir.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * While one server is measured alone, the others compared with it on this machine are stopped
 * ({@code SIGSTOP}) and continued afterwards. An idle JVM is not idle for its first minutes: its
 * JIT compiler goes on compiling what the last round ran, and on two cores that takes CPU from the
 * server being measured (from 0.1 s up to 30.9 s of CPU in a 30 s round, measured). The process
 * ids come from {@code CAREPLAN_BENCH_PIDS}, one per base in the order the bases are given;
 * without it nothing is paused.
 */
final class OtherServersPaused implements AutoCloseable {

	static final String PIDS = "CAREPLAN_BENCH_PIDS";

	private final List<String> paused;

	/** Continues the paused servers if the bench exits mid-round (Ctrl-C), so none stays stopped. */
	private final Thread resumeOnExit;

	private OtherServersPaused(List<String> paused) {
		this.paused = paused;
		this.resumeOnExit = new Thread(() -> signal("CONT", paused));
	}

	/** Pauses every listed server but the one measured (the index of its base). */
	static OtherServersPaused allBut(int measured, int bases) {
		return allBut(measured, bases, System.getenv(PIDS));
	}

	static OtherServersPaused allBut(int measured, int bases, String pids) {
		if (pids == null || pids.isBlank()) {
			return new OtherServersPaused(List.of());
		}
		List<String> each = Arrays.stream(pids.split(",")).map(String::trim).toList();
		if (each.size() != bases || !each.stream().allMatch(pid -> pid.matches("\\d+"))) {
			throw new IllegalArgumentException(PIDS + " must give one process id per base (" + bases + "), not " + pids);
		}
		List<String> others = new ArrayList<>(each);
		others.remove(measured);
		OtherServersPaused paused = new OtherServersPaused(others);
		Runtime.getRuntime().addShutdownHook(paused.resumeOnExit);
		try {
			signal("STOP", others);
		}
		catch (RuntimeException ex) {
			paused.close();
			throw ex;
		}
		return paused;
	}

	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(resumeOnExit);
		}
		catch (IllegalStateException shuttingDown) {
			// The hook is running or about to: it sends the same SIGCONT, which does no harm twice.
		}
		signal("CONT", paused);
	}

	private static void signal(String signal, List<String> pids) {
		if (pids.isEmpty()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
		command.addAll(pids);
		try {
			int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pids + " exited with " + exit);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not send SIG" + signal + " to " + pids, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted sending SIG" + signal + " to " + pids, ex);
		}
	}

}
