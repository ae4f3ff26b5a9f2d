package org.careplanfhir.server.conformance.compiled;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled checks' terminology lookups run away from the write's thread, where the write's
 * transaction and persistence context are bound, and a lookup that cannot answer in time has no answer.
 */
class OutsideTheWriteTests {

	private final OutsideTheWrite outside = new OutsideTheWrite(Duration.ofMillis(500));

	@Test
	void aLookupDoesNotRunInTheTransactionOfTheWriteThatAsks() {
		TransactionSynchronizationManager.setActualTransactionActive(true);
		TransactionSynchronizationManager.bindResource("write-session", "entities stored so far");
		try {
			assertThat(outside.run(() -> TransactionSynchronizationManager.isActualTransactionActive()
					|| TransactionSynchronizationManager.hasResource("write-session")))
				.contains(false);
			assertThat(outside.run(() -> Thread.currentThread().getName())).get()
				.asString()
				.startsWith("compiled-checks-lookup-");
		}
		finally {
			TransactionSynchronizationManager.unbindResource("write-session");
			TransactionSynchronizationManager.setActualTransactionActive(false);
		}
	}

	@Test
	void aLookupThatFailsOrTakesTooLongHasNoAnswer() {
		assertThat(outside.run(() -> {
			throw new IllegalStateException("HAPI-0000: no terminology");
		})).isEmpty();
		CountDownLatch never = new CountDownLatch(1);
		assertThat(outside.run(() -> {
			try {
				never.await();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return "late";
		})).isEmpty();
		assertThat(outside.run(() -> "in time")).contains("in time");
	}

	@Test
	void aLookupAskedWhileEveryLookupThreadIsBusyWaitsForOneInsteadOfHavingNoAnswer() throws Exception {
		OutsideTheWrite patient = new OutsideTheWrite(Duration.ofSeconds(10));
		CountDownLatch busy = new CountDownLatch(4);
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Optional<String>>> slow = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			slow.add(CompletableFuture.supplyAsync(() -> patient.run(() -> {
				busy.countDown();
				try {
					release.await();
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return "slow";
			}), runnable -> new Thread(runnable).start()));
		}
		assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(release::countDown);
		assertThat(patient.run(() -> "after a wait")).contains("after a wait");
		for (CompletableFuture<Optional<String>> lookup : slow) {
			assertThat(lookup.get(5, TimeUnit.SECONDS)).contains("slow");
		}
	}

	@Test
	void lookupsAskedOneAfterAnotherByMoreWritersThanThreadsAllHaveAnswers() throws Exception {
		OutsideTheWrite patient = new OutsideTheWrite(Duration.ofSeconds(10));
		List<CompletableFuture<Long>> writers = new ArrayList<>();
		for (int writer = 0; writer < 8; writer++) {
			writers.add(CompletableFuture.supplyAsync(() -> {
				long unanswered = 0;
				for (int lookup = 0; lookup < 2_000; lookup++) {
					unanswered += patient.run(() -> "codes").isEmpty() ? 1 : 0;
				}
				return unanswered;
			}, runnable -> new Thread(runnable).start()));
		}
		for (CompletableFuture<Long> writer : writers) {
			assertThat(writer.get(60, TimeUnit.SECONDS)).isZero();
		}
	}

}
