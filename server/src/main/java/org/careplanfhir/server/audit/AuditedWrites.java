package org.careplanfhir.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

import org.careplanfhir.server.fhir.PatientCompartmentDefinition;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records a client's writes in the transaction that makes them: just before it commits, their
 * AuditEvents are inserted through the same connection, so a write that rolls back leaves no record
 * of itself (its refusal is recorded with the answer instead). Registered with HAPI's global
 * interceptor service, so that a transaction's entries are seen. Also keeps AuditEvents out of
 * every write path, a transaction's entries included.
 */
@Interceptor
class AuditedWrites {

	private static final String PENDING = AuditedWrites.class.getName();

	private final AuditEventWriter events;

	private final PatientCompartmentDefinition compartment;

	AuditedWrites(AuditEventWriter events, PatientCompartmentDefinition compartment) {
		this.events = events;
		this.compartment = compartment;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RequestPipeline.REQUEST_SHAPE)
	public void creating(IBaseResource resource) {
		refuseAuditEvents(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.REQUEST_SHAPE)
	public void updating(IBaseResource previous, IBaseResource resource) {
		refuseAuditEvents(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = RequestPipeline.REQUEST_SHAPE)
	public void deleting(IBaseResource resource) {
		refuseAuditEvents(resource);
	}

	private static void refuseAuditEvents(IBaseResource resource) {
		if ("AuditEvent".equals(resource.fhirType())) {
			throw AuditEventProvider.unchangeable();
		}
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = RequestPipeline.BOOKKEEPING)
	public void created(IBaseResource resource, RequestDetails request) {
		collect(request, resource, AuditedAction.CREATE);
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, order = RequestPipeline.BOOKKEEPING)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		boolean patch = request != null && request.getRestOperationType() == RestOperationTypeEnum.PATCH;
		collect(request, resource, patch ? AuditedAction.PATCH : AuditedAction.UPDATE);
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED, order = RequestPipeline.BOOKKEEPING)
	public void deleted(IBaseResource resource, RequestDetails request) {
		collect(request, resource, AuditedAction.DELETE);
	}

	/** Only a client's own writes: what the server writes on its own (a Provenance, a package) is not an access. */
	private void collect(RequestDetails request, IBaseResource resource, AuditedAction action) {
		RequestAudit audit = AuditedInteractions.auditOf(request);
		// A write the server makes on a client's behalf (a bulk import's) is that client's write.
		Caller actedFor = audit != null ? null : FhirAccessResolver.actedFor(request)
			.map(grant -> new Caller(grant.fhirUser(), null, grant.clientId()))
			.orElse(null);
		if ((audit == null && actedFor == null) || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(PENDING);
		if (pending == null) {
			pending = new Pending(audit, audit != null ? audit.caller() : actedFor);
			TransactionSynchronizationManager.bindResource(PENDING, pending);
			TransactionSynchronizationManager.registerSynchronization(pending);
		}
		IIdType id = resource.getIdElement();
		String version = id.hasVersionIdPart() ? id.getVersionIdPart() : resource.getMeta().getVersionId();
		String written = resource.fhirType() + "/" + id.getIdPart() + (version != null ? "/_history/" + version : "");
		Set<String> owners = compartment.ownersOf(resource);
		if (owners.isEmpty()) {
			pending.add(action, null, written);
		}
		for (String owner : owners) {
			pending.add(action, owner, written);
		}
	}

	private final class Pending implements TransactionSynchronization {

		/** The client's request, or null for a write the server makes on a client's behalf. */
		private final RequestAudit audit;

		private final Caller who;

		private final List<AuditRecord> records = new ArrayList<>();

		private final long recordedMillis = System.currentTimeMillis();

		Pending(RequestAudit audit, Caller who) {
			this.audit = audit;
			this.who = who;
		}

		void add(AuditedAction action, String patient, String written) {
			records.add(new AuditRecord(recordedMillis, action, AuditRecord.SUCCESS, null, who.user(), who.subject(),
					who.client(), audit == null ? null : audit.address(), patient, List.of(written), null, null));
		}

		/** The transaction's own record, when the request is a transaction: its entries' records are beside it. */
		private boolean isTheRequestsTransaction() {
			return audit != null && audit.answer().action() == AuditedAction.TRANSACTION;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			TransactionSynchronizationManager.unbindResourceIfPossible(PENDING);
			List<AuditRecord> all = new ArrayList<>(records);
			if (isTheRequestsTransaction()) {
				all.add(new AuditRecord(recordedMillis, AuditedAction.TRANSACTION, AuditRecord.SUCCESS, null, who.user(),
						who.subject(), who.client(), audit.address(), null, List.of(), audit.query(), "transaction"));
			}
			events.addToCurrentTransaction(all);
		}

		@Override
		public void afterCommit() {
			if (audit == null) {
				return;
			}
			AuditedAction action = audit.answer().action();
			if (action != null && (action.writes() || action == AuditedAction.TRANSACTION)) {
				audit.committedWithWrites();
			}
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(PENDING);
		}

	}

}
