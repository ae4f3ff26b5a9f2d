package org.careplanfhir.server.bulkimport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.careplanfhir.server.security.policy.CallerGrant;

/**
 * One import as the instance that runs it knows it: what it reads, on whose behalf, how far it got,
 * and the lines it refused since its progress was last saved. The import's threads write here;
 * {@link ImportJobStore} saves it, where every instance's status polls read it.
 */
final class ImportJob {

	enum State {

		RUNNING, COMPLETED, FAILED, CANCELLED

	}

	/** A refused line's OperationOutcome, not yet saved, and the input it came from. */
	record Refusal(int input, String outcomeJson) {
	}

	private final String id;

	private final CallerGrant caller;

	private final String request;

	private final String serverBase;

	private final Instant transactionTime;

	private final List<ImportInput> inputs;

	private final AtomicLong[] stored;

	private final AtomicLong storedDirectly = new AtomicLong();

	private final AtomicLong[] refused;

	private final Set<String> storedIds = ConcurrentHashMap.newKeySet();

	/** About 100 MB of ids at most, whatever the import's size. */
	static final int MOST_REMEMBERED_IDS = 1_000_000;

	private List<Refusal> unsavedRefusals = new ArrayList<>();

	private volatile State state = State.RUNNING;

	private volatile String failure;

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

	long[] storedPerInput() {
		return Stream.of(stored).mapToLong(AtomicLong::get).toArray();
	}

	long[] refusedPerInput() {
		return Stream.of(refused).mapToLong(AtomicLong::get).toArray();
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

	/** Counts lines the {@link DirectWriter} stored (counted as stored too), for the import's log line. */
	void countStoredDirectly(int lines) {
		storedDirectly.addAndGet(lines);
	}

	long storedDirectly() {
		return storedDirectly.get();
	}

	/** What this import has stored so far, as {@code Type/id}. */
	Set<String> storedIds() {
		return storedIds;
	}

	/** Keeps a refused line's OperationOutcome until the import's progress is next saved. */
	synchronized void refuse(int input, String outcomeJson) {
		unsavedRefusals.add(new Refusal(input, outcomeJson));
		refused[input].incrementAndGet();
	}

	/** The refusals kept since the last call, which the caller saves. */
	synchronized List<Refusal> takeUnsavedRefusals() {
		List<Refusal> taken = unsavedRefusals;
		unsavedRefusals = new ArrayList<>();
		return taken;
	}

	boolean cancelRequested() {
		return cancelRequested;
	}

	void requestCancel() {
		cancelRequested = true;
	}

	void finish(State end, String reason) {
		this.failure = reason;
		this.state = end;
	}

}
