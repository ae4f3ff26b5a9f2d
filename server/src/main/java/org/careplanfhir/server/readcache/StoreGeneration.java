package org.careplanfhir.server.readcache;

import java.util.concurrent.atomic.AtomicLong;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;

import org.careplanfhir.server.cluster.ClusterWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.careplanfhir.server.web.AccessRulesChanged;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A number that changes whenever stored data may have changed: when any write begins (create,
 * update, delete, expunge, batch jobs such as reindexing) and again when its transaction ends. An
 * answer computed while the number stayed the same saw no write, so it is still the answer. The
 * hooks are registered with HAPI's global interceptor service, so writes that do not come through
 * the REST endpoint (package installation, batch jobs) count too.
 * <p>
 * In cluster mode the number also follows the cluster's write counter, which every instance moves
 * at the same two moments, so that no instance serves an answer another instance's write made stale.
 */
@Component
@Interceptor
class StoreGeneration {

	private static final Logger log = LoggerFactory.getLogger(StoreGeneration.class);

	private final AtomicLong generation = new AtomicLong();

	/** Numbers never taken by the counter, for when the cluster's cannot be read: nothing matches them. */
	private final AtomicLong unknown = new AtomicLong(Long.MIN_VALUE);

	private final ClusterWrites cluster;

	StoreGeneration(IInterceptorService interceptors, ObjectProvider<ClusterWrites> cluster) {
		this.cluster = cluster.getIfAvailable();
		interceptors.registerInterceptor(this);
	}

	long current() {
		if (cluster == null) {
			return generation.get();
		}
		try {
			// Both only grow, so their sum changes whenever either does.
			return generation.get() + cluster.current();
		}
		catch (RuntimeException unreadable) {
			log.debug("The cluster's write counter is unreadable; no answer is served from memory", unreadable);
			return unknown.getAndIncrement();
		}
	}

	/** Answers decided under access rules that have since changed are not served again. */
	@EventListener
	public void accessRulesChanged(AccessRulesChanged change) {
		changing();
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RequestPipeline.BOOKKEEPING)
	public void created() {
		changing();
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.BOOKKEEPING)
	public void updated() {
		changing();
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = RequestPipeline.BOOKKEEPING)
	public void deleted() {
		changing();
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_EXPUNGE_RESOURCE, order = RequestPipeline.BOOKKEEPING)
	public void expunging() {
		changing();
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_EXPUNGE_EVERYTHING, order = RequestPipeline.BOOKKEEPING)
	public void expungingEverything() {
		changing();
	}

	@Hook(value = Pointcut.STORAGE_PRE_DELETE_EXPUNGE, order = RequestPipeline.BOOKKEEPING)
	public void deleteExpunging() {
		changing();
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_BATCH_JOB_CREATE, order = RequestPipeline.BOOKKEEPING)
	public void jobStarting() {
		changing();
	}

	@Hook(value = Pointcut.STORAGE_POSTCOMPLETE_BATCH_JOB, order = RequestPipeline.BOOKKEEPING)
	public void jobCompleted() {
		changing();
	}

	/**
	 * Bumps now, for answers begun before the write, and once more when the transaction ends, for
	 * answers computed while it was in flight that could not yet see it.
	 */
	void changing() {
		moved();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					moved();
				}
			});
		}
	}

	private void moved() {
		generation.incrementAndGet();
		if (cluster != null) {
			try {
				cluster.moved();
			}
			catch (RuntimeException unreachable) {
				// Rare (the write's own database was reachable a moment ago), but then other
				// instances may serve answers kept before this write until their time to live.
				log.warn("Could not move the cluster's write counter: {}", unreachable.getMessage());
			}
		}
	}

}
