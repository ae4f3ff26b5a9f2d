package org.careplanfhir.server.search;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.util.SearchParameterMapCalculator;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A search that asks only for its total ({@code _summary=count}, or {@code _count=0}) is counted
 * on the request's own thread and not kept. Such an answer has no pages, so HAPI's search
 * bookkeeping buys it nothing: without this, each count became a stored search (a row written, a
 * hand-over to HAPI's search threads, the row updated with the total) around the very same
 * {@code SELECT COUNT} query. An insurer's reports are mostly counts. Nothing is lost by not
 * keeping them: this server never answers a search from an earlier one's stored results
 * ({@code StorageSettingsConfiguration}), so a count is always counted afresh either way.
 */
@Component
@Interceptor
class CountsAnsweredAtOnce {

	CountsAnsweredAtOnce(IInterceptorService interceptors) {
		interceptors.registerInterceptor(this);
	}

	/**
	 * Last of the hooks on a search's parameters, so the decision sees them as they will run; by
	 * HAPI's own test of a search that wants only its count.
	 */
	@Hook(value = Pointcut.STORAGE_PRESEARCH_REGISTERED, order = RequestPipeline.BOOKKEEPING)
	public void countAtOnce(SearchParameterMap search) {
		if (SearchParameterMapCalculator.isWantOnlyCount(search) && search.getEverythingMode() == null) {
			search.setLoadSynchronous(true);
		}
	}

}
