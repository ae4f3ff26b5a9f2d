package org.careplanfhir.server.security.scopes;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.PathAndRef;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

import org.careplanfhir.server.security.policy.CallerRights;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A write that points at a record out of its caller's reach (another patient's) is answered as one
 * that points at a record that does not exist: HAPI's referential-integrity refusal, word for word. Otherwise a patient's
 * token could learn which of another patient's record ids exist by referring to them (an existing
 * target is accepted, a missing one refused). Only the references HAPI itself resolves on write are
 * checked (those a search parameter indexes), after validation, so the answer is the same in every
 * respect; records outside every patient's compartment (practitioners, organizations) are readable
 * when named and are not checked.
 */
@Interceptor
class UnseenReferences {

	private final DaoRegistry daos;

	private final ISearchParamExtractor references;

	private final PatientCompartment compartment;

	private final CallerRights callerRights;

	private final FhirAccessResolver accessResolver;

	UnseenReferences(DaoRegistry daos, ISearchParamExtractor references, PatientCompartment compartment,
			CallerRights callerRights, FhirAccessResolver accessResolver) {
		this.accessResolver = accessResolver;
		this.daos = daos;
		this.references = references;
		this.compartment = compartment;
		this.callerRights = callerRights;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RequestPipeline.REFERENCE_CHECKS)
	public void beforeCreate(RequestDetails request, IBaseResource resource) {
		check(request, resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.REFERENCE_CHECKS)
	public void beforeUpdate(RequestDetails request, IBaseResource previous, IBaseResource updated) {
		check(request, updated);
	}

	private void check(RequestDetails request, IBaseResource resource) {
		if (request == null || request instanceof SystemRequestDetails) {
			return;
		}
		FhirAccess access = accessResolver.of(request);
		if (access.reachesEveryRecord()) {
			return;
		}
		for (PathAndRef link : references.extractResourceLinks(resource, false)) {
			IIdType target = link.getRef() == null ? null : link.getRef().getReferenceElement();
			if (target == null || target.isAbsolute() || target.isLocal() || !target.hasResourceType()
					|| !target.hasIdPart() || !compartment.contains(target.getResourceType())
					|| !daos.isResourceTypeSupported(target.getResourceType())
					|| access.touchesEveryRecordOf(target.getResourceType())) {
				continue;
			}
			IBaseResource stored = storedOrNull(target);
			if (stored != null && !callerRights.mayReach(request, stored)) {
				throw new InvalidRequestException(Msg.code(1094) + "Resource " + target.getResourceType() + "/"
						+ target.getIdPart() + " not found, specified in path: " + link.getPath());
			}
		}
	}

	// A token with a system/ scope on the target's type reaches every record of it: no look-up. One
	// with such a scope on every type (a backend's system/*.cruds) is not checked at all, so its
	// writes do not pay for finding the references either.

	/** Missing and deleted targets are HAPI's to answer for, as they are for everyone. */
	private IBaseResource storedOrNull(IIdType target) {
		try {
			return daos.getResourceDao(target.getResourceType())
				.read(target.toUnqualifiedVersionless(), new SystemRequestDetails());
		}
		catch (ResourceNotFoundException | ResourceGoneException absent) {
			return null;
		}
	}

}
