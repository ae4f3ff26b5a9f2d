package org.careplanfhir.server.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns the records that earlier versions put in the outbox ({@link AuditOutbox}) into AuditEvents, a
 * batch at a time, each batch taken and stored in one transaction (a crash in between leaves the
 * batch in the outbox); and removes, in batches too, the events older than the retention. One
 * thread, off every request's path. Several servers on one database share the outbox without taking
 * the same rows twice.
 */
class AuditDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditDrain.class);

	private static final int BATCH = 500;

	private static final int EXPIRY_BATCH = 5_000;

	private final AuditOutbox outbox;

	private final AuditEventStore events;

	private final TransactionTemplate transaction;

	private final Duration interval;

	private final Period retention;

	private ScheduledExecutorService worker;

	private volatile Instant nextExpiry = Instant.EPOCH;

	AuditDrain(AuditOutbox outbox, AuditEventStore events, TransactionTemplate transaction, Duration interval,
			Period retention) {
		this.outbox = outbox;
		this.events = events;
		this.transaction = transaction;
		this.interval = interval;
		this.retention = retention;
	}

	/** Drains until the outbox is empty; returns how many events it stored. */
	int drain() {
		int stored = 0;
		while (true) {
			Integer batch = transaction.execute(status -> {
				List<AuditOutbox.Entry> taken = outbox.take(BATCH);
				events.store(taken);
				return taken.size();
			});
			stored += batch == null ? 0 : batch;
			if (batch == null || batch < BATCH) {
				return stored;
			}
		}
	}

	/** Removes the events recorded before the retention's start; returns how many. */
	int expire(Instant now) {
		Instant cutoff = now.atOffset(ZoneOffset.UTC).minus(retention).toInstant();
		int removed = 0;
		int batch;
		do {
			batch = events.expire(cutoff, EXPIRY_BATCH);
			removed += batch;
		}
		while (batch == EXPIRY_BATCH);
		return removed;
	}

	private void run() {
		try {
			drain();
			Instant now = Instant.now();
			if (now.isAfter(nextExpiry)) {
				int removed = expire(now);
				if (removed > 0) {
					log.info("Removed {} AuditEvents older than {}", removed, retention);
				}
				nextExpiry = now.plus(Duration.ofHours(1));
			}
		}
		catch (RuntimeException ex) {
			log.warn("The audit outbox could not be drained now; it will be tried again: {}", ex.getMessage());
		}
	}

	@Override
	public synchronized void start() {
		worker = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "audit-drain");
			thread.setDaemon(true);
			return thread;
		});
		worker.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (worker != null) {
			worker.shutdown();
			try {
				worker.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			worker = null;
			run();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return worker != null;
	}

	/** Stops after the web server has stopped taking requests (its phases are higher), before the database closes. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
