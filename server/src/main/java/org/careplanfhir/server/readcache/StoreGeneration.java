package org.careplanfhir.server.readcache;

import java.util.concurrent.atomic.AtomicLong;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A number that changes whenever stored data may have changed: when any write begins (create,
 * update, delete, expunge, batch jobs such as reindexing) and again when its transaction ends. An
 * answer computed while the number stayed the same saw no write, so it is still the answer. The
 * hooks are registered with HAPI's global interceptor service, so writes that do not come through
 * the REST endpoint (package installation, batch jobs) count too.
 */
@Component
@Interceptor
class StoreGeneration {

	private final AtomicLong generation = new AtomicLong();

	StoreGeneration(IInterceptorService interceptors) {
		interceptors.registerInterceptor(this);
	}

	long current() {
		return generation.get();
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created() {
		changing();
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated() {
		changing();
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleted() {
		changing();
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_EXPUNGE_RESOURCE)
	public void expunging() {
		changing();
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_EXPUNGE_EVERYTHING)
	public void expungingEverything() {
		changing();
	}

	@Hook(Pointcut.STORAGE_PRE_DELETE_EXPUNGE)
	public void deleteExpunging() {
		changing();
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_BATCH_JOB_CREATE)
	public void jobStarting() {
		changing();
	}

	@Hook(Pointcut.STORAGE_POSTCOMPLETE_BATCH_JOB)
	public void jobCompleted() {
		changing();
	}

	/**
	 * Bumps now, for answers begun before the write, and once more when the transaction ends, for
	 * answers computed while it was in flight that could not yet see it.
	 */
	void changing() {
		generation.incrementAndGet();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					generation.incrementAndGet();
				}
			});
		}
	}

}
