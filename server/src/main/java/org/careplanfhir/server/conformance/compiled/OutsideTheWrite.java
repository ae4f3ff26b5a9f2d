package org.careplanfhir.server.conformance.compiled;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the compiled checks' terminology lookups on a thread of their own, so they get a persistence
 * context and a transaction of their own. The checks run inside the write, and HAPI's expansion of
 * a value set over its terminology tables flushes and clears the persistence context it runs in: inside
 * the write, that stored the entries checked so far early and detached them, and HAPI's later changes
 * to them were saved as a second version with no history row (the read then fell back to version 1,
 * and searches by the new index rows missed the resource). A lookup that fails, takes too long or
 * finds every lookup thread busy has no answer, and the caller sends the resource to the HL7 validator.
 */
final class OutsideTheWrite {

	private static final int THREADS = 4;

	private static final AtomicInteger NUMBER = new AtomicInteger();

	private final ThreadPoolExecutor threads = new ThreadPoolExecutor(0, THREADS, 60, TimeUnit.SECONDS,
			new SynchronousQueue<>(), task -> {
				Thread thread = new Thread(task, "compiled-checks-lookup-" + NUMBER.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});

	private final Duration patience;

	OutsideTheWrite(Duration patience) {
		this.patience = patience;
	}

	/** The lookup's answer, or empty when there is none in time. */
	<T> Optional<T> run(Supplier<T> lookup) {
		Future<T> answer;
		try {
			answer = threads.submit(lookup::get);
		}
		catch (RejectedExecutionException allBusy) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(answer.get(patience.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			answer.cancel(true);
			return Optional.empty();
		}
		catch (ExecutionException | TimeoutException e) {
			answer.cancel(true);
			return Optional.empty();
		}
	}

}
