package org.careplanfhir.server.fhir;

import java.util.List;
import java.util.Set;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.NotModifiedException;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.BaseResourceReturningMethodBinding;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletSubRequestDetails;
import ca.uhn.fhir.rest.server.util.ServletRequestUtil;
import com.google.common.collect.ArrayListMultimap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;

import org.springframework.stereotype.Component;

/**
 * A transaction succeeds whole or stores nothing, whatever the failing entry's method. HAPI commits
 * a transaction's writes in one database transaction and only then runs its GET entries (so that
 * searches see the final state without holding the write's connection), and reports a failing GET
 * as one entry's status in a 200 answer, or as the whole answer's error, after the writes are
 * stored. Here every GET entry is run once before any write: if one fails, the transaction fails
 * with that entry's status and nothing is written. HAPI then runs the reads again after the writes,
 * for the answer. Reads of a resource the same transaction creates by id are left to that second
 * run; a read of a resource the same transaction deletes is refused, since it could only fail.
 */
@Component
class TransactionReadsFirst {

	void check(RequestDetails request, Bundle processed, List<BundleEntryComponent> whole, Set<String> written,
			Set<String> deleted) {
		if (!(request instanceof ServletRequestDetails servletRequest)) {
			return;
		}
		for (BundleEntryComponent entry : processed.getEntry()) {
			if (entry.getRequest().getMethod() != HTTPVerb.GET || !entry.getRequest().hasUrl()) {
				continue;
			}
			String url = entry.getRequest().getUrl();
			String where = "Bundle.entry[" + TransactionEntryRules.indexOf(whole, entry) + "] (GET "
					+ ETags.abbreviated(url) + ")";
			String target = TransactionEntryRules.TargetUrl.parse(url).instance();
			if (target != null && deleted.contains(target)) {
				throw new InvalidRequestException(where + " reads " + target
						+ ", which the same transaction deletes; nothing was stored");
			}
			if ((target != null && written.contains(target)) || url.contains("urn:uuid:") || url.contains("urn:oid:")) {
				continue;
			}
			run(servletRequest, entry, url, where);
		}
	}

	private static void run(ServletRequestDetails request, BundleEntryComponent entry, String url, String where) {
		try {
			ServletSubRequestDetails read = ServletRequestUtil.getServletSubRequestDetails(request, url, "GET",
					ArrayListMultimap.create());
			if (entry.getRequest().hasIfNoneMatch()) {
				read.addHeader("If-None-Match", entry.getRequest().getIfNoneMatch());
			}
			BaseMethodBinding method = request.getServer().determineResourceMethod(read, read.getRequestPath());
			if (!(method instanceof BaseResourceReturningMethodBinding reading)) {
				throw new InvalidRequestException("it is not a read, search or operation this server answers to GET");
			}
			read.setRestOperationType(reading.getRestOperationType());
			reading.doInvokeServer(request.getServer(), read);
		}
		catch (NotModifiedException unchanged) {
			// Not a failure: the entry answers 304.
		}
		catch (BaseServerResponseException failed) {
			throw BaseServerResponseException.newInstance(failed.getStatusCode(),
					where + " failed, so the transaction stored nothing: " + failed.getMessage());
		}
		catch (IllegalArgumentException | IllegalStateException unusable) {
			throw new InvalidRequestException(where + " cannot be run, so the transaction stored nothing: "
					+ unusable.getMessage());
		}
	}

}
