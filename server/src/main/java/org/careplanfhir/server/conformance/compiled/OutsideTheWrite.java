package org.careplanfhir.server.conformance.compiled;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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
 * and searches by the new index rows missed the resource). A lookup that fails or takes too long has
 * no answer, and the caller sends the resource to the HL7 validator.
 * <p>
 * A lookup that finds every lookup thread busy waits for one, within the same patience. Refusing it
 * instead sent the first writes of a freshly started server to the HL7 validator: with several
 * clients writing at once, a lookup thread that had just answered was often not yet waiting for the
 * next lookup when its caller asked one. The HL7 validator, once used, keeps every definition the
 * server holds converted to R5: 120 MB more live heap after a 300-patient load, for the life of the
 * process.
 */
final class OutsideTheWrite {

	private static final int THREADS = 4;

	private static final AtomicInteger NUMBER = new AtomicInteger();

	/** More waiting lookups than this means something is stuck: the caller then has no answer at once. */
	private static final int MOST_WAITING = 1_000;

	private final ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(MOST_WAITING), task -> {
				Thread thread = new Thread(task, "compiled-checks-lookup-" + NUMBER.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});

	private final Duration patience;

	OutsideTheWrite(Duration patience) {
		this.patience = patience;
		// Idle threads end after a minute, as before: a server that is not writing keeps none.
		threads.allowCoreThreadTimeOut(true);
	}

	/** The lookup's answer, or empty when there is none in time. */
	<T> Optional<T> run(Supplier<T> lookup) {
		Future<T> answer;
		try {
			answer = threads.submit(lookup::get);
		}
		catch (RejectedExecutionException tooManyWaiting) {
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
