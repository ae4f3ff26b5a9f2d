package org.careplanfhir.server.bulkimport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.careplanfhir.server.security.policy.CallerGrant;

/**
 * One import, from its kick-off until its results are purged: what it reads, on whose behalf,
 * how far it got, and the lines it refused (kept in files, one per input, as OperationOutcome NDJSON).
 * Counters and state are read by status polls while the import's threads write them.
 */
final class ImportJob {

	enum State {

		RUNNING, COMPLETED, FAILED, CANCELLED

	}

	private final String id;

	private final CallerGrant caller;

	private final String request;

	private final String serverBase;

	private final Instant transactionTime;

	private final List<ImportInput> inputs;

	private final AtomicLong[] stored;

	private final AtomicLong[] refused;

	private final Path errorFolder;

	private final Set<String> storedIds = ConcurrentHashMap.newKeySet();

	/** About 100 MB of ids at most, whatever the import's size. */
	static final int MOST_REMEMBERED_IDS = 1_000_000;

	private final BufferedWriter[] errorWriters;

	private volatile State state = State.RUNNING;

	private volatile String failure;

	private volatile Instant finished;

	private volatile boolean cancelRequested;

	ImportJob(String id, CallerGrant caller, String request, String serverBase, Instant transactionTime,
			List<ImportInput> inputs) {
		this.id = id;
		this.caller = caller;
		this.request = request;
		this.serverBase = serverBase;
		this.transactionTime = transactionTime;
		this.inputs = List.copyOf(inputs);
		this.stored = counters(inputs.size());
		this.refused = counters(inputs.size());
		this.errorWriters = new BufferedWriter[inputs.size()];
		try {
			this.errorFolder = Files.createTempDirectory("careplan-import-" + id + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static AtomicLong[] counters(int size) {
		AtomicLong[] counters = new AtomicLong[size];
		for (int i = 0; i < size; i++) {
			counters[i] = new AtomicLong();
		}
		return counters;
	}

	String id() {
		return id;
	}

	CallerGrant caller() {
		return caller;
	}

	String request() {
		return request;
	}

	String serverBase() {
		return serverBase;
	}

	Instant transactionTime() {
		return transactionTime;
	}

	List<ImportInput> inputs() {
		return inputs;
	}

	State state() {
		return state;
	}

	String failure() {
		return failure;
	}

	Instant finished() {
		return finished;
	}

	long stored(int input) {
		return stored[input].get();
	}

	long refused(int input) {
		return refused[input].get();
	}

	long storedInAll() {
		return Stream.of(stored).mapToLong(AtomicLong::get).sum();
	}

	long refusedInAll() {
		return Stream.of(refused).mapToLong(AtomicLong::get).sum();
	}

	/**
	 * Counts a stored line; its {@code Type/id} (null for a created one) is then known to be stored,
	 * up to {@link #MOST_REMEMBERED_IDS}: beyond, the reference check asks the database instead.
	 */
	void countStored(int input, String id) {
		stored[input].incrementAndGet();
		if (id != null && storedIds.size() < MOST_REMEMBERED_IDS) {
			storedIds.add(id);
		}
	}

	/** What this import has stored so far, as {@code Type/id}. */
	Set<String> storedIds() {
		return storedIds;
	}

	/** Keeps a refused line's OperationOutcome, as one line of its input's error file. */
	synchronized void refuse(int input, String outcomeJson) {
		try {
			if (errorWriters[input] == null) {
				errorWriters[input] = Files.newBufferedWriter(errorFile(input), StandardCharsets.UTF_8);
			}
			errorWriters[input].write(outcomeJson);
			errorWriters[input].write('\n');
			refused[input].incrementAndGet();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path errorFile(int input) {
		return errorFolder.resolve("errors-" + input + ".ndjson");
	}

	boolean cancelRequested() {
		return cancelRequested;
	}

	void requestCancel() {
		cancelRequested = true;
	}

	void finish(State end, String reason) {
		closeErrorFiles();
		this.failure = reason;
		this.finished = Instant.now();
		this.state = end;
	}

	private synchronized void closeErrorFiles() {
		for (BufferedWriter writer : errorWriters) {
			if (writer != null) {
				try {
					writer.close();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
	}

	/** Deletes the error files; the job is forgotten after this. */
	void deleteResults() {
		closeErrorFiles();
		try (Stream<Path> files = Files.list(errorFolder)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(errorFolder);
		}
		catch (IOException ex) {
			// Temporary files only: the operating system's clean-up of its temporary folder takes what is left.
		}
	}

}
