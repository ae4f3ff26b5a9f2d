package org.careplanfhir.server.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.springframework.stereotype.Component;

/**
 * System-level search, {@code GET [base]?_type=Patient,Goal&_lastUpdated=ge2024}: one search over
 * several resource types, which HAPI 8.8 does not offer. With one {@code _type} the request is the
 * type search it names ({@link #asTypeSearch}), with every parameter of that type. Over several
 * types (those in {@code _type}, or with none every type holding a resource) only the parameters
 * every type has are taken: {@code _id}, {@code _lastUpdated}, {@code _tag}, {@code _profile},
 * {@code _security}, {@code _source}. Each type is searched in turn, in alphabetical order, and the
 * pages run across them with {@code _offset} links, so the order is stable while nothing changes.
 */
@Component
class SystemSearch implements FhirServerCustomizer {

	private static final Set<String> COMMON = Set.of(Constants.PARAM_ID, Constants.PARAM_LASTUPDATED, Constants.PARAM_TAG,
			Constants.PARAM_PROFILE, Constants.PARAM_SECURITY, Constants.PARAM_SOURCE);

	/** Controls that shape the answer rather than choose what matches. */
	private static final Set<String> CONTROLS = Set.of(Constants.PARAM_TYPE, Constants.PARAM_COUNT, Constants.PARAM_OFFSET,
			Constants.PARAM_SUMMARY, Constants.PARAM_ELEMENTS, Constants.PARAM_ELEMENTS + Constants.PARAM_ELEMENTS_EXCLUDE_MODIFIER,
			Constants.PARAM_SEARCH_TOTAL_MODE, Constants.PARAM_FORMAT, Constants.PARAM_PRETTY);

	private static final String IDS = SystemSearch.class.getName() + ".ids";

	private final FhirContext fhirContext;

	private final DaoRegistry daos;

	private final MatchUrlService matchUrls;

	private final FhirServerProperties properties;

	@PersistenceContext
	private EntityManager entityManager;

	SystemSearch(FhirContext fhirContext, DaoRegistry daos, MatchUrlService matchUrls, FhirServerProperties properties) {
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.matchUrls = matchUrls;
		this.properties = properties;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerProvider(this);
	}

	/** The types named by {@code _type}, each checked, or null when it is absent. */
	static List<String> namedTypes(RequestDetails request, Set<String> known) {
		List<String> named = RequestParameters.listed(request.getParameters().get(Constants.PARAM_TYPE));
		if (named == null) {
			return null;
		}
		for (String name : named) {
			if (!known.contains(name)) {
				throw new InvalidRequestException("_type names '" + name + "', which is not a resource type");
			}
		}
		return List.copyOf(new TreeSet<>(named));
	}

	/** Called before HAPI picks a handler: {@code [base]?_type=X&...} is the search {@code X?...}. */
	void asTypeSearch(RequestDetails request) {
		if (request.getResourceName() != null || request.getOperation() != null || request.getId() != null
				|| (request.getRequestType() != RequestTypeEnum.GET && request.getRequestType() != RequestTypeEnum.HEAD)) {
			return;
		}
		SelfLinkAsAsked.remember(request);
		List<String> types = namedTypes(request, fhirContext.getResourceTypes());
		if (types != null && types.size() == 1) {
			request.setResourceName(types.get(0));
			request.removeParameter(Constants.PARAM_TYPE);
			return;
		}
		// HAPI's authorization rules read _id as the id of a resource of the request's type, which a
		// search over several types has not: the ids are this search's to read.
		String[] ids = request.getParameters().get(Constants.PARAM_ID);
		if (ids != null) {
			request.getUserData().put(IDS, ids);
			request.removeParameter(Constants.PARAM_ID);
		}
	}

	@Search(allowUnknownParams = true)
	public IBundleProvider search(RequestDetails request) {
		Map<String, String[]> criteria = new LinkedHashMap<>();
		if (request.getUserData().get(IDS) instanceof String[] ids) {
			criteria.put(Constants.PARAM_ID, ids);
		}
		for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
			String name = parameter.getKey();
			if (CONTROLS.contains(name)) {
				continue;
			}
			String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
			if (!COMMON.contains(base)) {
				throw new InvalidRequestException("A search over several types takes only the parameters every type has ("
						+ String.join(", ", new TreeSet<>(COMMON)) + "), not '" + name + "'; name one type with _type to use its own parameters");
			}
			criteria.put(name, parameter.getValue());
		}
		List<String> named = namedTypes(request, fhirContext.getResourceTypes());
		if (named == null && criteria.isEmpty()) {
			throw new InvalidRequestException("A search of the whole server needs _type or at least one of "
					+ String.join(", ", new TreeSet<>(COMMON)));
		}
		List<String> types = named != null ? named : storedTypes(criteria.get(Constants.PARAM_ID));
		int offset = whole(request, Constants.PARAM_OFFSET, 0);
		int count = Math.min(whole(request, Constants.PARAM_COUNT, properties.defaultPageSize()), properties.maxPageSize());
		String query = "?" + RequestParameters.queryString(criteria);
		// HAPI's DAO would apply the request's own _offset and _count to each type's search.
		return RequestParameters.withoutClientPaging(request, () -> pageAcross(types, query, offset, count, request));
	}

	/** Each type in turn: its count, and the part of the page that falls in it. */
	private OffsetPage pageAcross(List<String> types, String query, int offset, int count, RequestDetails request) {
		List<IBaseResource> page = new ArrayList<>();
		int total = 0;
		for (String type : types) {
			int size = countOf(type, query, request);
			int from = Math.max(0, offset - total);
			int wanted = count - page.size();
			if (wanted > 0 && from < size) {
				SearchParameterMap map = matchUrls.translateMatchUrl(type + query, fhirContext.getResourceDefinition(type));
				map.setLoadSynchronous(true);
				map.setOffset(from);
				map.setCount(wanted);
				page.addAll(daos.getResourceDao(type).search(map, request).getResources(0, wanted));
			}
			total += size;
		}
		return new OffsetPage(page, offset, count, total);
	}

	private int countOf(String type, String query, RequestDetails request) {
		SearchParameterMap map = matchUrls.translateMatchUrl(type + query, fhirContext.getResourceDefinition(type));
		map.setSummaryMode(SummaryEnum.COUNT);
		map.setSearchTotalMode(SearchTotalModeEnum.ACCURATE);
		map.setLoadSynchronous(true);
		Integer size = daos.getResourceDao(type).search(map, request).size();
		return size == null ? 0 : size;
	}

	/** The types holding a resource (with these ids, when {@code _id} is given), alphabetically. */
	private List<String> storedTypes(String[] ids) {
		List<String> idList = RequestParameters.listed(ids);
		var query = entityManager.createQuery("select distinct r.myResourceType from ResourceTable r where r.myDeleted is null"
				+ (idList == null ? "" : " and r.myFhirId in :ids") + " order by r.myResourceType", String.class);
		if (idList != null) {
			query.setParameter("ids", idList);
		}
		return query.getResultList();
	}

	private static int whole(RequestDetails request, String name, int otherwise) {
		String[] values = request.getParameters().get(name);
		return values == null || values.length == 0 ? otherwise : RequestParameters.wholeNumber(name, values[0], 0);
	}

	/** One page of the results, which HAPI links to its neighbours with {@code _offset}. */
	private static final class OffsetPage extends SimpleBundleProvider {

		private final boolean more;

		private final boolean earlier;

		OffsetPage(List<IBaseResource> resources, int offset, int count, int total) {
			super(resources);
			setCurrentPageOffset(offset);
			setCurrentPageSize(count);
			setSize(total);
			this.more = offset + count < total;
			this.earlier = offset > 0;
		}

		@Override
		public String getNextPageId() {
			return more ? "next" : null;
		}

		@Override
		public String getPreviousPageId() {
			return earlier ? "previous" : null;
		}

	}

}
