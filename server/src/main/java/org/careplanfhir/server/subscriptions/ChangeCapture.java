package org.careplanfhir.server.subscriptions;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records every create and update of a type some topic is about, in the writing transaction: the
 * change commits with the write or not at all, so a crash between the commit and the notification
 * loses nothing. Registered with HAPI's global interceptor service, so that writes made outside a
 * request (a referral's care team kept in step, a package load) are heard too. After the commit the
 * dispatcher is woken, which is what keeps a notification's latency short.
 */
@Interceptor
class ChangeCapture {

	private static final String WAKE_AFTER_COMMIT = ChangeCapture.class.getName() + ".wake";

	private final SubscriptionStore store;

	private final EventDispatcher dispatcher;

	ChangeCapture(SubscriptionStore store, EventDispatcher dispatcher) {
		this.store = store;
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
		store.recordChange(type, resource.getIdElement().getIdPart(), resource.getIdElement().getVersionIdPartAsLong(),
				interaction);
		// One wake-up per transaction, however many of its resources changed (a transaction of a thousand).
		if (TransactionSynchronizationManager.isSynchronizationActive()
				&& !TransactionSynchronizationManager.hasResource(WAKE_AFTER_COMMIT)) {
			TransactionSynchronizationManager.bindResource(WAKE_AFTER_COMMIT, Boolean.TRUE);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					dispatcher.wake();
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(WAKE_AFTER_COMMIT);
				}

			});
		}
	}

}
