package org.careplanfhir.server.readcache;

import ca.uhn.fhir.interceptor.executor.InterceptorService;
import org.junit.jupiter.api.AfterEach;
import org.careplanfhir.server.cluster.ClusterWrites;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The number that tells a kept answer from a stale one. */
class StoreGenerationTests {

	private final StoreGeneration store = new StoreGeneration(new InterceptorService(),
			new StaticListableBeanFactory().getBeanProvider(ClusterWrites.class));

	@AfterEach
	void endTransaction() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void aWriteOutsideATransactionChangesTheNumberAtOnce() {
		long before = store.current();
		store.created();

		assertThat(store.current()).isGreaterThan(before);
	}

	/** An answer computed while the write was in flight could not see it: it must not be kept either. */
	@Test
	void aWriteInATransactionChangesTheNumberAgainWhenTheTransactionEnds() {
		TransactionSynchronizationManager.initSynchronization();
		store.updated();
		long whileInFlight = store.current();

		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			synchronization.afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
		}

		assertThat(store.current()).isGreaterThan(whileInFlight);
	}

}
