package org.careplanfhir.server.conformance.compiled;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

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

}
