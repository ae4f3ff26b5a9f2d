package org.careplanfhir.server.subscriptions;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.careplanfhir.server.subscriptions.SubscriptionStore.NewChange;
import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records every create and update of a type some topic is about, in the writing transaction: the
 * change commits with the write or not at all, so a crash between the commit and the notification
 * loses nothing. Registered with HAPI's global interceptor service, so that writes made outside a
 * request (a referral's care team kept in step, a package load) are heard too. After the commit
 * what the transaction wrote is handed to the dispatcher in memory ({@link RecentWrites}) and the
 * dispatcher is woken, which is what keeps a notification's latency short.
 */
@Interceptor
class ChangeCapture {

	private static final String WRITTEN_IN_TRANSACTION = ChangeCapture.class.getName() + ".written";

	private final SubscriptionStore store;

	private final RecentWrites recentWrites;

	private final EventDispatcher dispatcher;

	ChangeCapture(SubscriptionStore store, RecentWrites recentWrites, EventDispatcher dispatcher) {
		this.store = store;
		this.recentWrites = recentWrites;
		this.dispatcher = dispatcher;
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = RequestPipeline.BOOKKEEPING)
	public void created(IBaseResource resource) {
		record(resource, SubscriptionTopic.CREATE);
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, order = RequestPipeline.BOOKKEEPING)
	public void updated(IBaseResource previous, IBaseResource resource) {
		record(resource, SubscriptionTopic.UPDATE);
	}

	private void record(IBaseResource resource, String interaction) {
		String type = resource.fhirType();
		if (!SubscriptionTopics.anyTriggeredBy(type) || !resource.getIdElement().hasVersionIdPart()) {
			return;
		}
		NewChange change = new NewChange(type, resource.getIdElement().getIdPart(),
				resource.getIdElement().getVersionIdPartAsLong(), interaction);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			store.recordChanges(List.of(change));
			return;
		}
		TransactionWrites writes = (TransactionWrites) TransactionSynchronizationManager.getResource(WRITTEN_IN_TRANSACTION);
		if (writes == null) {
			writes = new TransactionWrites();
			TransactionSynchronizationManager.bindResource(WRITTEN_IN_TRANSACTION, writes);
			TransactionSynchronizationManager.registerSynchronization(writes);
		}
		writes.add(change, resource);
	}

	/**
	 * One transaction's changes: recorded together just before it commits, one statement for a
	 * transaction of a thousand, and announced once after. A change made after that (by another
	 * commit-time step) is recorded at once.
	 */
	private final class TransactionWrites implements TransactionSynchronization {

		private final List<NewChange> unrecorded = new ArrayList<>();

		private final List<IBaseResource> resources = new ArrayList<>();

		private boolean recorded;

		void add(NewChange change, IBaseResource resource) {
			if (recorded) {
				store.recordChanges(List.of(change));
			}
			else {
				unrecorded.add(change);
			}
			resources.add(resource);
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			store.recordChanges(unrecorded);
			unrecorded.clear();
			recorded = true;
		}

		@Override
		public void afterCommit() {
			recentWrites.keep(resources);
			dispatcher.wake();
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(WRITTEN_IN_TRANSACTION);
		}

	}

}
