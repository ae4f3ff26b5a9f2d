package org.careplanfhir.server.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.svc.ISearchCoordinatorSvc;
import ca.uhn.fhir.jpa.interceptor.JpaPreResourceAccessDetails;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.search.PersistedJpaBundleProvider;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.util.SearchParameterMapCalculator;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A client's search whose matches all fit on its first page is answered on the request's own
 * thread and not kept; any other search goes to HAPI as before. HAPI keeps every search it runs
 * (a row written, a hand-over to its search threads, the matches written beside it, the row
 * updated), which is what lets a client fetch further pages; a search with one page has none to
 * fetch, and most of a case manager's (a patient's plans, a patient's open referrals) are that.
 *
 * <p>Whether the matches fit is known only once the query has run, so the search first runs
 * synchronously, asking for one match more than a page. When that one more is there, the first
 * hook to see the matches ({@link #judge}) hides them all before anything is included, loaded or
 * shown, and the search is handed to HAPI unchanged: a search of many pages costs one extra query
 * of the matches' ids, never a page loaded twice. A search with pages is therefore never answered
 * with part of its matches.
 *
 * <p>Left to HAPI as they come: {@code $everything} (its own paging), {@code _offset},
 * {@code Cache-Control: no-store} (already synchronous), {@code _total=accurate} (the count would be
 * run twice for a search of many pages), full-text {@code _content} and {@code _text} (HAPI may
 * answer those from the search engine directly), and {@code _include:iterate} or
 * {@code _revinclude:iterate}, since HAPI applies iterated includes in another order when it
 * answers synchronously. A count is {@link CountsAnsweredAtOnce}'s.
 *
 * <p>A search HAPI keeps has the page it answers with loaded in a read-only transaction
 * ({@link ReadOnlyPages}).
 */
@Interceptor
final class OnePageSearches implements ISearchCoordinatorSvc<JpaPid> {

	/**
	 * The attempt under way on this thread. Not the request's user data: a batch's entries share
	 * their request's, and HAPI runs them on several threads at once. A synchronous search runs
	 * wholly on the thread that asked for it.
	 */
	private static final ThreadLocal<Attempt> ATTEMPT = new ThreadLocal<>();

	private final ISearchCoordinatorSvc<JpaPid> hapi;

	/** Looked up at the first search, not before: the server's page sizes are set on it once HAPI's REST server is built. */
	private final Supplier<IPagingProvider> paging;

	/** A read-only transaction for the page of a search HAPI keeps ({@link ReadOnlyPages}). */
	private final Supplier<TransactionTemplate> readOnly;

	/** Sets that transaction aside while HAPI fetches further matches (see {@link #getResources}). */
	private final Supplier<TransactionTemplate> setAside;

	OnePageSearches(ISearchCoordinatorSvc<JpaPid> hapi, Supplier<IPagingProvider> paging,
			Supplier<PlatformTransactionManager> transactions) {
		this.hapi = hapi;
		this.paging = paging;
		this.readOnly = SingletonSupplier.of(() -> {
			TransactionTemplate template = new TransactionTemplate(transactions.get());
			template.setReadOnly(true);
			return template;
		});
		this.setAside = SingletonSupplier.of(() -> new TransactionTemplate(transactions.get(),
				new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NOT_SUPPORTED)));
	}

	@Override
	public IBundleProvider registerSearch(IFhirResourceDao<?> dao, SearchParameterMap search, String resourceType,
			CacheControlDirective cacheControl, RequestDetails request) {
		Integer page = onePage(search, cacheControl, request);
		if (page == null) {
			return leftToHapi(dao, search, resourceType, cacheControl, request);
		}
		SearchParameterMap onePage = search.clone();
		onePage.setLoadSynchronous(true);
		onePage.setCount(page + 1);
		Attempt attempt = new Attempt(page);
		Attempt outer = ATTEMPT.get();
		ATTEMPT.set(attempt);
		IBundleProvider answer;
		try {
			answer = hapi.registerSearch(dao, onePage, resourceType, cacheControl, request);
		}
		finally {
			restore(outer);
		}
		// Not judged: HAPI answered without showing the matches to the hooks, so whether they fit is unknown.
		if (attempt.overflow || !attempt.judged || !(answer instanceof SimpleBundleProvider matches)) {
			return leftToHapi(dao, search, resourceType, cacheControl, request);
		}
		List<IBaseResource> whole = matches.getResources(0, Integer.MAX_VALUE);
		int shown = countMatches(whole);
		if (shown > page) {
			return leftToHapi(dao, search, resourceType, cacheControl, request);
		}
		// HAPI leaves the total out when the page, included resources counted, reaches the count asked for.
		return new OnePage(whole, matches.size() != null ? matches.size() : shown);
	}

	/**
	 * HAPI's own way, with no attempt of an enclosing search's open to its hooks; a search HAPI keeps
	 * has its pages loaded read-only.
	 */
	private IBundleProvider leftToHapi(IFhirResourceDao<?> dao, SearchParameterMap search, String resourceType,
			CacheControlDirective cacheControl, RequestDetails request) {
		Attempt outer = ATTEMPT.get();
		ATTEMPT.remove();
		try {
			IBundleProvider kept = hapi.registerSearch(dao, search, resourceType, cacheControl, request);
			return kept instanceof PersistedJpaBundleProvider ? new ReadOnlyPages(kept, readOnly.get()) : kept;
		}
		finally {
			restore(outer);
		}
	}

	/** The first look at a search's matches, before any other hook's: more than fit on one page? */
	@Hook(value = Pointcut.STORAGE_PREACCESS_RESOURCES, order = RequestPipeline.SEARCH_PLAN)
	public void judge(IPreResourceAccessDetails matches) {
		Attempt attempt = ATTEMPT.get();
		// A search's matches come as HAPI's JPA details; a read inside another hook comes otherwise.
		if (attempt != null && !attempt.judged && matches instanceof JpaPreResourceAccessDetails) {
			attempt.judged = true;
			if (matches.size() > attempt.page) {
				attempt.overflow = true;
				for (int i = 0; i < matches.size(); i++) {
					matches.setDontReturnResourceAtIndex(i);
				}
			}
		}
	}

	/** The page size this search would have, or null when it is left to HAPI as it comes. */
	private Integer onePage(SearchParameterMap search, CacheControlDirective cacheControl, RequestDetails request) {
		if (!(request instanceof ServletRequestDetails) || search.isLoadSynchronous() || search.getEverythingMode() != null
				|| search.getOffset() != null || SearchParameterMapCalculator.isWantOnlyCount(search)
				|| search.getSearchTotalMode() == SearchTotalModeEnum.ACCURATE
				|| (cacheControl != null && cacheControl.isNoStore()) || iterates(search.getIncludes())
				|| iterates(search.getRevIncludes()) || search.containsKey(Constants.PARAM_CONTENT)
				|| search.containsKey(Constants.PARAM_TEXT)) {
			return null;
		}
		IPagingProvider pages = paging.get();
		int asked = search.getCount() != null ? search.getCount() : pages.getDefaultPageSize();
		return Math.min(asked, pages.getMaximumPageSize());
	}

	private static boolean iterates(Collection<Include> includes) {
		return includes.stream().anyMatch(Include::isRecurse);
	}

	private static int countMatches(List<IBaseResource> page) {
		return (int) page.stream()
			.filter(resource -> resource != null
					&& ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.get(resource) != BundleEntrySearchModeEnum.INCLUDE)
			.count();
	}

	/** A search run inside another's hooks keeps its own attempt; the outer one's comes back after. */
	private static void restore(Attempt outer) {
		if (outer == null) {
			ATTEMPT.remove();
		}
		else {
			ATTEMPT.set(outer);
		}
	}

	@Override
	public void cancelAllActiveSearches() {
		hapi.cancelAllActiveSearches();
	}

	/**
	 * HAPI fetches further matches of a kept search outside any transaction, so that its bookkeeping
	 * is committed at once for other threads to see. A page loaded read-only asks for them from
	 * inside its transaction (when hooks have hidden some of the page's matches), which is set aside
	 * meanwhile.
	 */
	@Override
	public List<JpaPid> getResources(String uuid, int from, int to, RequestDetails request, RequestPartitionId partition) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			return hapi.getResources(uuid, from, to, request, partition);
		}
		return setAside.get().execute(status -> hapi.getResources(uuid, from, to, request, partition));
	}

	@Override
	public Optional<Integer> getSearchTotal(String uuid, RequestDetails request, RequestPartitionId partition) {
		return hapi.getSearchTotal(uuid, request, partition);
	}

	/**
	 * The whole answer as one page. HAPI's REST layer asks a provider for as many resources as there
	 * are matches and, from a synchronous answer, would cut off the included resources after them.
	 */
	private static final class OnePage extends SimpleBundleProvider {

		private OnePage(List<IBaseResource> page, int matches) {
			super(page);
			setSize(matches);
		}

		/** Asked for every match, the whole page; asked for part, a slice as HAPI's own provider gives. */
		@Override
		public List<IBaseResource> getResources(int from, int to, ResponsePage.ResponsePageBuilder response) {
			if (from == 0 && to >= size()) {
				response.setTotalRequestedResourcesFetched(size());
				return new ArrayList<>(getList());
			}
			return super.getResources(from, to, response);
		}

	}

	private static final class Attempt {

		private final int page;

		private boolean judged;

		private boolean overflow;

		private Attempt(int page) {
			this.page = page;
		}

	}

}
