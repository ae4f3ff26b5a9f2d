package org.careplanfhir.server.search;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Whether a request asks for a page of {@code Patient/$everything}: the operation itself, or a
 * further page ({@code _getpages}) of a search that was one. HAPI keeps a search's parameters with
 * it only sometimes; an {@code $everything} search always keeps them here, so a further page, on
 * this server or another sharing the database, knows what it belongs to. The links to further
 * pages carry the operation's own parameters ({@code start}, {@code end}, {@code _since},
 * {@code _type}), so every page is shaped as the first.
 */
@Component
@Interceptor
class EverythingPages {

	static final String EVERYTHING = "$everything";

	private static final String KNOWN = EverythingPages.class.getName();

	private final ISearchCacheSvc searches;

	EverythingPages(ISearchCacheSvc searches, IInterceptorService interceptors) {
		this.searches = searches;
		interceptors.registerInterceptor(this);
	}

	@Hook(value = Pointcut.STORAGE_PRESEARCH_REGISTERED, order = RequestPipeline.BOOKKEEPING)
	public void keepParameters(SearchParameterMap parameters, ICachedSearchDetails search) {
		if (parameters.getEverythingMode() != null && search instanceof Search stored && stored.getSearchParameterMap().isEmpty()) {
			stored.setSearchParameterMap(parameters);
		}
	}

	boolean isEverything(RequestDetails request) {
		if (EVERYTHING.equals(request.getOperation())) {
			return !request.isSubRequest();
		}
		String[] page = request.getParameters().get(Constants.PARAM_PAGINGACTION);
		if (page == null || page.length != 1 || request.getResourceName() != null) {
			return false;
		}
		return (Boolean) request.getUserData().computeIfAbsent(KNOWN, any -> searches
			.fetchByUuid(page[0], RequestPartitionId.allPartitions())
			.flatMap(Search::getSearchParameterMap)
			.map(search -> search.getEverythingMode() != null)
			.orElse(false));
	}

}
