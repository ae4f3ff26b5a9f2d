package org.careplanfhir.server.provenance;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Provenance;

import org.careplanfhir.server.fhir.PatientCompartmentDefinition;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Collects what a client's transaction writes and, just before it commits, stores its Provenance in
 * the same transaction: the Provenance exists exactly when the writes do. A transaction is a
 * client's when a write in it comes from an authenticated request; what else the server writes in
 * that transaction on the client's behalf (a referral's care team kept in step) is part of the same
 * change. Registered with HAPI's global interceptor service, so those writes are seen too.
 */
@Interceptor
class ProvenanceRecorder {

	private static final String PENDING = ProvenanceRecorder.class.getName();

	/** Types a Provenance never targets: Provenance itself (a client's own is kept, not described) and audit records. */
	private static final Set<String> NOT_TARGETED = Set.of("Provenance", "AuditEvent");

	private final FhirAccessResolver accessResolver;

	private final DaoRegistry daos;

	private final ProvenanceDocument document;

	private final FhirTerser terser;

	private final PatientCompartmentDefinition compartment;

	ProvenanceRecorder(FhirContext fhirContext, FhirAccessResolver accessResolver, DaoRegistry daos,
			ProvenanceDocument document, PatientCompartmentDefinition compartment) {
		this.accessResolver = accessResolver;
		this.daos = daos;
		this.document = document;
		this.terser = fhirContext.newTerser();
		this.compartment = compartment;
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = RequestPipeline.BOOKKEEPING)
	public void created(IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
		collect(request, transaction, resource, resource.getIdElement(), ProvenanceDocument.Activity.CREATE);
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, order = RequestPipeline.BOOKKEEPING)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request,
			TransactionDetails transaction) {
		collect(request, transaction, resource, resource.getIdElement(), ProvenanceDocument.Activity.UPDATE);
	}

	/**
	 * A delete's Provenance is stored before the delete, not with the others before the commit: HAPI
	 * refuses to store a reference to a resource already deleted, even in the deleting transaction.
	 * So each delete has a Provenance of its own, naming the version the delete makes.
	 */
	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = RequestPipeline.BOOKKEEPING)
	public void deleting(IBaseResource resource, RequestDetails request) {
		if (NOT_TARGETED.contains(resource.fhirType()) || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(PENDING);
		FhirAccess caller = pending != null ? pending.caller : clientOf(request);
		if (caller == null) {
			return;
		}
		IIdType id = resource.getIdElement();
		IIdType deletion = id.hasVersionIdPart() ? id.withVersion(Long.toString(id.getVersionIdPartAsLong() + 1)) : id;
		Provenance provenance = document.of(caller, ProvenanceDocument.Activity.DELETE, List.of(target(resource, deletion)),
				patientsOf(resource), new Date());
		daos.getResourceDao(Provenance.class).create(provenance, new SystemRequestDetails());
	}

	/**
	 * The authenticated caller of a client's request, or of a write the server makes on a client's
	 * behalf (a bulk import); null for the server's own writes and with security off.
	 */
	private FhirAccess clientOf(RequestDetails request) {
		if (request == null || (request instanceof SystemRequestDetails && FhirAccessResolver.actedFor(request).isEmpty())) {
			return null;
		}
		FhirAccess caller = accessResolver.of(request);
		return caller.authenticated() ? caller : null;
	}

	private static String target(IBaseResource resource, IIdType version) {
		return resource.fhirType() + "/" + version.getIdPart()
				+ (version.hasVersionIdPart() ? "/_history/" + version.getVersionIdPart() : "");
	}

	private void collect(RequestDetails request, TransactionDetails transaction, IBaseResource resource, IIdType version,
			ProvenanceDocument.Activity activity) {
		if (NOT_TARGETED.contains(resource.fhirType()) || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(PENDING);
		if (pending == null) {
			FhirAccess caller = clientOf(request);
			if (caller == null) {
				return;
			}
			pending = new Pending(caller, transaction);
			TransactionSynchronizationManager.bindResource(PENDING, pending);
			TransactionSynchronizationManager.registerSynchronization(pending);
		}
		pending.add(activity, target(resource, version), patientsOf(resource));
	}

	private Set<String> patientsOf(IBaseResource resource) {
		Set<String> patients = new LinkedHashSet<>();
		if (PatientCompartmentDefinition.PATIENT.equals(resource.fhirType())) {
			return patients;
		}
		if (compartment.contains(resource.fhirType())) {
			for (IIdType owner : terser.getCompartmentOwnersForResource(PatientCompartmentDefinition.PATIENT, resource,
					compartment.additionsToR4())) {
				// A compartment parameter may reference other types too (a performer that is a practitioner).
				if (PatientCompartmentDefinition.PATIENT.equals(owner.getResourceType()) && owner.hasIdPart()) {
					patients.add(PatientCompartmentDefinition.PATIENT + "/" + owner.getIdPart());
				}
			}
		}
		return patients;
	}

	/** One transaction's writes, by activity, and who made them; written as Provenance before the commit. */
	private final class Pending implements TransactionSynchronization {

		private final FhirAccess caller;

		/** What HAPI knows of the transaction, among it the database keys of what it wrote. */
		private final TransactionDetails transaction;

		private final Map<ProvenanceDocument.Activity, List<String>> targets = new LinkedHashMap<>();

		private final Set<String> patients = new LinkedHashSet<>();

		Pending(FhirAccess caller, TransactionDetails transaction) {
			this.caller = caller;
			this.transaction = transaction;
		}

		void add(ProvenanceDocument.Activity activity, String target, Set<String> ofPatients) {
			List<String> ofActivity = targets.computeIfAbsent(activity, key -> new ArrayList<>());
			if (!ofActivity.contains(target)) {
				ofActivity.add(target);
			}
			patients.addAll(ofPatients);
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			TransactionSynchronizationManager.unbindResourceIfPossible(PENDING);
			Date recorded = new Date();
			targets.forEach((activity, written) -> {
				Provenance provenance = document.of(caller, activity, written, patients, recorded);
				// Stored with the transaction's details, which hold the keys of the resources it wrote:
				// the Provenance's targets are then linked without a query (and a flush) for each.
				daos.getResourceDao(Provenance.class)
					.create(provenance, null, true, new SystemRequestDetails(),
							transaction != null ? transaction : new TransactionDetails());
			});
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(PENDING);
		}

	}

}
