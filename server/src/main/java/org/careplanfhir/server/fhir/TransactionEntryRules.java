package org.careplanfhir.server.fhir;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import org.careplanfhir.server.fhir.input.RequestLimitsProperties;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryRequestComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * What each transaction or batch entry must say before it runs. HAPI takes an entry without
 * {@code request.url} as a create, stores a Patient POSTed to {@code url: Observation}, and on a
 * PUT whose body id differs from the URL quietly uses the URL's; here each of these is a 400
 * naming the entry. A transaction fails whole, before anything is written; in a batch only the
 * entry fails (HAPI runs each batch entry as a transaction of its own, through this same hook).
 * Transactions also get their reads checked first ({@link TransactionReadsFirst}).
 */
@Component
@Interceptor
class TransactionEntryRules implements FhirServerCustomizer {

	private final RequestLimitsProperties limits;

	private final TransactionReadsFirst readsFirst;

	TransactionEntryRules(RequestLimitsProperties limits, TransactionReadsFirst readsFirst) {
		this.limits = limits;
		this.readsFirst = readsFirst;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.REQUEST_SHAPE)
	public void checkSize(RequestDetails request, RestOperationTypeEnum operation) {
		if (operation == RestOperationTypeEnum.TRANSACTION && !request.isSubRequest()
				&& request.getResource() instanceof Bundle bundle && bundle.getEntry().size() > limits.maxBundleEntries()) {
			throw new PayloadTooLargeException("The " + bundle.getType().toCode() + " has " + bundle.getEntry().size()
					+ " entries; at most " + limits.maxBundleEntries()
					+ " are accepted (careplan.fhir.limits.max-bundle-entries): split it");
		}
	}

	@Hook(value = Pointcut.STORAGE_TRANSACTION_PROCESSING, order = RequestPipeline.REQUEST_SHAPE)
	public void checkEntries(RequestDetails request, IBaseBundle processed) {
		// A batch passes here whole, then once per entry as a one-entry transaction: check those.
		if (request == null || !(processed instanceof Bundle bundle) || bundle.getType() == Bundle.BundleType.BATCH) {
			return;
		}
		List<BundleEntryComponent> whole = request.getResource() instanceof Bundle requested ? requested.getEntry()
				: bundle.getEntry();
		Set<String> written = new HashSet<>();
		Set<String> deleted = new HashSet<>();
		for (BundleEntryComponent entry : bundle.getEntry()) {
			String where = "Bundle.entry[" + indexOf(whole, entry) + "]";
			check(entry, where, request, written, deleted);
		}
		boolean transaction = request.getResource() instanceof Bundle requested
				&& requested.getType() == Bundle.BundleType.TRANSACTION;
		if (transaction) {
			readsFirst.check(request, bundle, whole, written, deleted);
		}
	}

	private static void check(BundleEntryComponent entry, String where, RequestDetails request, Set<String> written,
			Set<String> deleted) {
		BundleEntryRequestComponent call = entry.getRequest();
		HTTPVerb method = call.getMethod();
		if (method == null || method == HTTPVerb.NULL) {
			return; // HAPI refuses it with its own message.
		}
		String url = call.getUrl();
		if (url == null || url.isBlank()) {
			throw new InvalidRequestException(where + ".request.url is missing: a " + method.toCode()
					+ " entry must say where it goes (for example 'Patient' or 'Patient/123')");
		}
		if (url.contains("://") || url.contains("$")) {
			return; // An absolute URL or an operation: HAPI resolves these itself.
		}
		TargetUrl target = TargetUrl.parse(url);
		Resource resource = entry.getResource();
		if (method == HTTPVerb.POST || method == HTTPVerb.PUT) {
			if (resource == null) {
				throw new InvalidRequestException(where + ".resource is missing: a " + method.toCode() + " entry carries the resource it writes");
			}
			if (!resource.fhirType().equals(target.type())) {
				throw new InvalidRequestException(where + " is a " + resource.fhirType() + " sent to '" + url
						+ "': the resource type and request.url must agree");
			}
		}
		if (method == HTTPVerb.PUT && target.id() != null && resource.getIdElement().hasIdPart()
				&& !resource.getIdElement().getIdPart().equals(target.id())) {
			throw new InvalidRequestException(where + ".resource.id '" + resource.getIdElement().getIdPart()
					+ "' differs from the id in request.url '" + url + "'");
		}
		if (method == HTTPVerb.PUT && target.instance() != null) {
			written.add(target.instance());
		}
		if (method == HTTPVerb.DELETE && target.instance() != null) {
			deleted.add(target.instance());
		}
		if (call.hasIfNoneMatch() && method == HTTPVerb.PUT) {
			if (!"*".equals(call.getIfNoneMatch().trim())) {
				throw new InvalidRequestException(where + ".request.ifNoneMatch on a PUT takes only '*', not '" + ETags.abbreviated(call.getIfNoneMatch()) + "'");
			}
			if (target.instance() == null) {
				throw new InvalidRequestException(where + ".request.ifNoneMatch needs an instance URL such as 'Patient/123', not '" + url + "'");
			}
			IfMatchPreconditions.expectNewOnUpdate(request, target.instance());
		}
		if (call.hasIfMatch()) {
			long version = ETags.version(call.getIfMatch(), where + ".request.ifMatch");
			if (target.instance() == null && (method == HTTPVerb.DELETE || method == HTTPVerb.PUT)) {
				throw new InvalidRequestException(where + ".request.ifMatch needs an instance URL such as 'Patient/123', not '" + url + "'");
			}
			if (method == HTTPVerb.DELETE) {
				IfMatchPreconditions.expectOnDelete(request, target.instance(), version);
			}
			if (method == HTTPVerb.PUT) {
				IfMatchPreconditions.expectExistingOnUpdate(request, target.instance());
			}
		}
	}

	/** The entry's position in the bundle the client sent (a batch entry arrives in a bundle of its own). */
	static int indexOf(List<BundleEntryComponent> entries, BundleEntryComponent entry) {
		for (int i = 0; i < entries.size(); i++) {
			if (entries.get(i) == entry) {
				return i;
			}
		}
		return 0;
	}

	/** A request URL's resource type and, for an instance URL, its id. */
	record TargetUrl(String type, String id) {

		static TargetUrl parse(String url) {
			String path = url.startsWith("/") ? url.substring(1) : url;
			int query = path.indexOf('?');
			if (query >= 0) {
				return new TargetUrl(path.substring(0, query), null);
			}
			String[] parts = path.split("/");
			return new TargetUrl(parts[0], parts.length > 1 && !parts[1].startsWith("$") ? parts[1] : null);
		}

		/** {@code Type/id} for an instance URL, otherwise null. */
		String instance() {
			return id == null ? null : type + "/" + id;
		}

	}

}
