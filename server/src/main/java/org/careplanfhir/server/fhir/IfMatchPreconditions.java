package org.careplanfhir.server.fhir;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * {@code If-Match} means "only if the resource is still at this version", for every write that
 * carries it. HAPI checks it on update and patch but ignores it on delete, and on an update that
 * finds nothing to update it creates the resource instead; in a transaction it ignores an entry's
 * {@code request.ifMatch} on delete too. Here a delete of another version, or an update with
 * {@code If-Match} of a resource that does not exist, fails with 412 inside the write's database
 * transaction, so nothing is deleted or created; a malformed value is a 400 before anything runs.
 */
@Component
@Interceptor
class IfMatchPreconditions implements FhirServerCustomizer {

	private static final String DELETE_EXPECTATIONS = IfMatchPreconditions.class.getName() + ".delete";

	private static final String UPDATE_EXPECTATIONS = IfMatchPreconditions.class.getName() + ".update";

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.REQUEST_SHAPE)
	public void checkHeader(RequestDetails request, RestOperationTypeEnum operation) {
		String ifMatch = request.isSubRequest() ? null : request.getHeader(Constants.HEADER_IF_MATCH);
		if (ifMatch != null) {
			ETags.version(ifMatch, "If-Match");
		}
	}

	/** A transaction or batch entry's {@code ifMatch}, noted before the entry runs. */
	static void expectOnDelete(RequestDetails request, String resourceId, long version) {
		deleteExpectations(request).put(resourceId, version);
	}

	/** An update entry with {@code ifMatch}: the resource must already exist. */
	@SuppressWarnings("unchecked")
	static void expectExistingOnUpdate(RequestDetails request, String resourceId) {
		((Set<String>) request.getUserData().computeIfAbsent(UPDATE_EXPECTATIONS, any -> new HashSet<String>()))
			.add(resourceId);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = RequestPipeline.REQUEST_SHAPE)
	public void beforeDelete(RequestDetails request, IBaseResource stored) {
		if (request == null) {
			return;
		}
		IIdType id = stored.getIdElement();
		Long expected = null;
		if (request.getRestOperationType() == RestOperationTypeEnum.DELETE && !request.isSubRequest()
				&& request.getHeader(Constants.HEADER_IF_MATCH) != null) {
			expected = ETags.version(request.getHeader(Constants.HEADER_IF_MATCH), "If-Match");
		}
		else {
			expected = deleteExpectations(request).get(key(id));
		}
		if (expected != null && !expected.equals(id.getVersionIdPartAsLong())) {
			throw new PreconditionFailedException("If-Match names version " + expected + " of " + key(id)
					+ ", but its current version is " + id.getVersionIdPart() + "; nothing was deleted");
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RequestPipeline.REQUEST_SHAPE)
	public void beforeCreate(RequestDetails request, IBaseResource created) {
		if (request == null) {
			return;
		}
		boolean update = request.getRestOperationType() == RestOperationTypeEnum.UPDATE && !request.isSubRequest()
				&& request.getHeader(Constants.HEADER_IF_MATCH) != null;
		String id = created.getIdElement().hasIdPart() ? key(created.getIdElement()) : null;
		Object mustExist = request.getUserData().get(UPDATE_EXPECTATIONS);
		if (update || (id != null && mustExist instanceof Set<?> ids && ids.contains(id))) {
			throw new PreconditionFailedException("If-Match names a version of " + (id == null ? "a resource" : id)
					+ ", which does not exist; nothing was created");
		}
	}

	private static String key(IIdType id) {
		return id.getResourceType() + "/" + id.getIdPart();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Long> deleteExpectations(RequestDetails request) {
		// Sub-requests of a transaction share the user data of the request that carried it.
		return (Map<String, Long>) request.getUserData()
			.computeIfAbsent(DELETE_EXPECTATIONS, any -> new HashMap<String, Long>());
	}

}
