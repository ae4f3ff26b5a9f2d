package org.careplanfhir.server.bulkimport;

import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imports: this instance runs those it was asked to start, one at a time, the others waiting
 * their turn; every import's state and progress is in the {@link ImportJobStore}, saved every
 * {@link #SAVE_EVERY} by the instance running it, so that any instance answers its status poll, a
 * cancel reaches it wherever it runs, and a finished one's results are kept for
 * {@code result-retention}, across restarts. An import is not resumed on another instance or after
 * a restart: once its instance has been silent for {@link #SILENCE} (or at once, when a single
 * server restarts), it is reported failed; what it stored stays, and as lines with ids are stored
 * as updates, running the same import again stores nothing twice.
 */
class ImportJobs {

	private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

	/** As often as the status poll's Retry-After asks a client to come back. */
	static final Duration SAVE_EVERY = Duration.ofSeconds(2);

	/** Thirty saves missed: the instance is gone, not busy. */
	static final Duration SILENCE = Duration.ofMinutes(1);

	private static final String STOPPED = "the server running it stopped before the import ended; what was stored"
			+ " stays, and running the import again stores nothing twice";

	/** The imports this instance runs or has queued. */
	private final Map<String, ImportJob> here = new ConcurrentHashMap<>();

	private final ExecutorService runner = Executors.newSingleThreadExecutor(named("bulk-import"));

	private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(named("bulk-import-save"));

	private final ExecutorService transactions;

	private final TransactionWriter writer;

	private final ImportJobStore store;

	private final BulkImportProperties properties;

	/**
	 * @param alone whether this is the only instance on its database (not cluster mode): then an
	 * import still running there at start-up was this server's, before it stopped, and is reported
	 * failed at once instead of after {@link #SILENCE}
	 */
	ImportJobs(TransactionWriter writer, ImportJobStore store, BulkImportProperties properties, boolean alone) {
		this.writer = writer;
		this.store = store;
		this.properties = properties;
		if (alone) {
			int stopped = store.failSilent(Duration.ZERO, STOPPED);
			if (stopped > 0) {
				log.warn("{} bulk import(s) were running when this server last stopped: reported failed", stopped);
			}
		}
		this.transactions = Executors.newFixedThreadPool(properties.parallelTransactions(), named("bulk-import-write"));
		saver.scheduleWithFixedDelay(this::saveProgress, SAVE_EVERY.toMillis(), SAVE_EVERY.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Queues an import.
	 * @param requests makes, for a job, the request each of its transactions is made under
	 */
	ImportJob start(Function<String, ImportJob> newJob, Function<ImportJob, RequestDetails> requests) {
		ImportJob job = newJob.apply(UUID.randomUUID().toString());
		store.create(job);
		here.put(job.id(), job);
		ImportRun run = new ImportRun(job, writer, transactions, properties.parallelTransactions(),
				properties.linesPerTransaction(), () -> requests.apply(job));
		runner.submit(() -> {
			try {
				run.run();
			}
			finally {
				end(job);
			}
		});
		return job;
	}

	Optional<ImportStatus> find(String id) {
		if (id == null) {
			return Optional.empty();
		}
		store.forgetEndedBefore(properties.resultRetention());
		store.failSilent(SILENCE, STOPPED);
		return store.find(id);
	}

	/** Asks a running import to stop after the transactions under way, on whichever instance runs it. */
	void cancel(String id) {
		store.requestCancel(id);
		ImportJob job = here.get(id);
		if (job != null) {
			job.requestCancel();
		}
	}

	void writeRefusals(String id, int input, Writer out) {
		store.writeRefusals(id, input, out);
	}

	void forget(String id) {
		store.delete(id);
	}

	/** When a finished import's results are no longer kept. */
	Instant expiry(ImportStatus status) {
		return status.finished() == null ? null : status.finished().plus(properties.resultRetention());
	}

	private void saveProgress() {
		for (ImportJob job : here.values()) {
			try {
				synchronized (job) {
					if (here.containsKey(job.id()) && store.saveProgress(job)) {
						job.requestCancel();
					}
				}
			}
			catch (RuntimeException ex) {
				// The next save carries the same figures; an import is failed only after a minute of silence.
				log.warn("Could not save the progress of import {}: {}", job.id(), ex.getMessage());
			}
		}
	}

	/** Under the job's lock, so that a save under way cannot write after the end. */
	private void end(ImportJob job) {
		synchronized (job) {
			here.remove(job.id());
			store.finish(job);
		}
	}

	@PreDestroy
	void stop() throws InterruptedException {
		saver.shutdownNow();
		runner.shutdownNow();
		transactions.shutdownNow();
		runner.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
		for (ImportJob queued : here.values()) {
			queued.finish(ImportJob.State.FAILED, STOPPED);
			end(queued);
		}
	}

	private static ThreadFactory named(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return task -> {
			Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
