package org.careplanfhir.server.fhir;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.apache.commons.lang3.exception.ExceptionUtils;
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
 * An update or patch whose {@code If-Match} names a version that is no longer current is 412
 * Precondition Failed, as the FHIR specification says (HAPI answers 409 Conflict).
 * {@code If-None-Match: *} on an update means "only if it does not exist yet": an update of a
 * resource that exists fails with 412 and changes nothing (HAPI ignores the header).
 */
@Component
@Interceptor
class IfMatchPreconditions implements FhirServerCustomizer {

	private static final String DELETE_EXPECTATIONS = IfMatchPreconditions.class.getName() + ".delete";

	private static final String UPDATE_EXPECTATIONS = IfMatchPreconditions.class.getName() + ".update";

	private static final String CREATE_EXPECTATIONS = IfMatchPreconditions.class.getName() + ".create";

	/** HAPI's codes for "the version in If-Match is not the current one" on update and patch. */
	private static final List<String> STALE_VERSION = List.of("HAPI-0989:", "HAPI-0974:");

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
		String ifNoneMatch = request.isSubRequest() ? null : trimmed(request.getHeader(Constants.HEADER_IF_NONE_MATCH));
		if (ifNoneMatch != null && operation == RestOperationTypeEnum.UPDATE && !"*".equals(ifNoneMatch)) {
			throw new InvalidRequestException("If-None-Match on an update takes only '*' (write only if the resource does not exist), not '"
					+ ETags.abbreviated(ifNoneMatch) + "'");
		}
	}

	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = RequestPipeline.ERROR_MAPPING)
	public BaseServerResponseException staleVersion(Throwable thrown) {
		return ExceptionUtils.getThrowableList(thrown).stream()
			.filter(ResourceVersionConflictException.class::isInstance)
			.filter(conflict -> STALE_VERSION.stream().anyMatch(String.valueOf(conflict.getMessage())::contains))
			.findFirst()
			.map(conflict -> new PreconditionFailedException("If-Match names a version that is no longer the current one: "
					+ conflict.getMessage().replaceAll("HAPI-\\d+: ", "") + "; nothing was changed. Read the resource again and retry with its current ETag"))
			.orElse(null);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.REQUEST_SHAPE)
	public void beforeUpdate(RequestDetails request, IBaseResource previous) {
		if (request == null) {
			return;
		}
		boolean mustBeNew = request.getRestOperationType() == RestOperationTypeEnum.UPDATE && !request.isSubRequest()
				&& "*".equals(trimmed(request.getHeader(Constants.HEADER_IF_NONE_MATCH)));
		String id = key(previous.getIdElement());
		Object expectedNew = request.getUserData().get(CREATE_EXPECTATIONS);
		if (mustBeNew || (expectedNew instanceof Set<?> ids && ids.contains(id))) {
			throw new PreconditionFailedException("If-None-Match: * asks to write " + id
					+ " only if it does not exist, and it does (version " + previous.getIdElement().getVersionIdPart() + "); nothing was changed");
		}
	}

	private static String trimmed(String header) {
		return header == null ? null : header.trim();
	}

	/** A transaction or batch update entry with {@code ifNoneMatch: *}: the resource must not exist yet. */
	@SuppressWarnings("unchecked")
	static void expectNewOnUpdate(RequestDetails request, String resourceId) {
		((Set<String>) request.getUserData().computeIfAbsent(CREATE_EXPECTATIONS, any -> new HashSet<String>()))
			.add(resourceId);
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
