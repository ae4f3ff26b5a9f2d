package org.careplanfhir.server.bulkimport;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.annotation.PreDestroy;

/**
 * The imports this server runs and remembers, in memory: one import runs at a time, the others wait
 * their turn, and a finished one's results are kept for {@code result-retention}. An import is not
 * resumed after a restart (its status URL then answers 404); what it had stored stays, and as lines
 * with ids are stored as updates, running the same import again stores nothing twice.
 */
class ImportJobs {

	private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();

	private final ExecutorService runner = Executors.newSingleThreadExecutor(named("bulk-import"));

	private final ExecutorService transactions;

	private final TransactionWriter writer;

	private final BulkImportProperties properties;

	ImportJobs(TransactionWriter writer, BulkImportProperties properties) {
		this.writer = writer;
		this.properties = properties;
		this.transactions = Executors.newFixedThreadPool(properties.parallelTransactions(), named("bulk-import-write"));
	}

	/**
	 * Queues an import.
	 * @param requests makes, for a job, the request each of its transactions is made under
	 */
	ImportJob start(Function<String, ImportJob> newJob, Function<ImportJob, RequestDetails> requests) {
		forgetExpired();
		ImportJob job = newJob.apply(UUID.randomUUID().toString());
		jobs.put(job.id(), job);
		runner.submit(new ImportRun(job, writer, transactions, properties.parallelTransactions(),
				properties.linesPerTransaction(), () -> requests.apply(job)));
		return job;
	}

	Optional<ImportJob> find(String id) {
		forgetExpired();
		return id == null ? Optional.empty() : Optional.ofNullable(jobs.get(id));
	}

	void forget(ImportJob job) {
		jobs.remove(job.id());
		job.deleteResults();
	}

	/** When a finished import's results are no longer kept. */
	Instant expiry(ImportJob job) {
		return job.finished() == null ? null : job.finished().plus(properties.resultRetention());
	}

	private void forgetExpired() {
		Instant now = Instant.now();
		jobs.values().stream().filter(job -> job.finished() != null && expiry(job).isBefore(now)).toList()
			.forEach(this::forget);
	}

	@PreDestroy
	void stop() throws InterruptedException {
		runner.shutdownNow();
		transactions.shutdownNow();
		runner.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
		jobs.values().forEach(ImportJob::deleteResults);
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
