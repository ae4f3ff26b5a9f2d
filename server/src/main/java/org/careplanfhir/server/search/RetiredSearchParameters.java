package org.careplanfhir.server.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.IHapiBootOrder;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Retires the built-in search parameters {@code careplan.search.retired-parameters} names, the way
 * HAPI lets one be turned off: a stored SearchParameter with the built-in's url and status
 * {@code retired}, which takes it out of HAPI's registry, so writes no longer index it and a search by
 * it is refused as unknown. Each retirement is tagged as the server's own; one whose parameter has
 * left the list is deleted at start-up, and the built-in parameter is back.
 */
@Component
class RetiredSearchParameters {

	static final String BUILT_IN = "http://hl7.org/fhir/SearchParameter/";

	static final String TAG_SYSTEM = "http://careplan-fhir.org/fhir/CodeSystem/cm-server";

	static final String TAG_CODE = "retired-built-in";

	private static final String ID_PREFIX = "retired-";

	private static final Logger log = LoggerFactory.getLogger(RetiredSearchParameters.class);

	private final FhirContext fhirContext;

	private final IFhirResourceDao<SearchParameter> searchParameters;

	private final ISearchParamRegistry registry;

	private final List<String> retired;

	RetiredSearchParameters(FhirContext fhirContext, DaoRegistry daos, ISearchParamRegistry registry,
			RetiredSearchParameterProperties properties) {
		this.fhirContext = fhirContext;
		this.searchParameters = daos.getResourceDao(SearchParameter.class);
		this.registry = registry;
		this.retired = properties.retiredParameters();
	}

	@EventListener(ContextRefreshedEvent.class)
	@Order(IHapiBootOrder.AFTER_SUBSCRIPTION_INITIALIZED + 2)
	public void retire() {
		Set<String> wanted = new HashSet<>();
		boolean changed = false;
		for (String id : retired) {
			SearchParameter retirement = retirementOf(id);
			wanted.add(retirement.getIdElement().getIdPart());
			if (!isStored(retirement)) {
				searchParameters.update(retirement, new SystemRequestDetails());
				changed = true;
			}
		}
		SearchParameterMap ours = SearchParameterMap.newSynchronous("_tag", new TokenParam(TAG_SYSTEM, TAG_CODE));
		IBundleProvider stored = searchParameters.search(ours, new SystemRequestDetails());
		for (IBaseResource resource : stored.getAllResources()) {
			if (!wanted.contains(resource.getIdElement().getIdPart())) {
				searchParameters.delete(resource.getIdElement().toUnqualifiedVersionless(), new SystemRequestDetails());
				log.info("Built-in search parameter {} is back", ((SearchParameter) resource).getUrl());
				changed = true;
			}
		}
		if (changed) {
			registry.forceRefresh();
		}
		log.info("Built-in search parameters retired: {}", retired);
	}

	private boolean isStored(SearchParameter retirement) {
		try {
			SearchParameter stored = searchParameters.read(retirement.getIdElement(), new SystemRequestDetails());
			return stored.getStatus() == PublicationStatus.RETIRED && stored.getUrl().equals(retirement.getUrl())
					&& stored.getBase().size() == retirement.getBase().size();
		}
		catch (RuntimeException e) { // not found, or deleted
			return false;
		}
	}

	/** The stored SearchParameter that retires the built-in one with this id, for all its types. */
	SearchParameter retirementOf(String id) {
		String url = BUILT_IN + id;
		// The specification's own definitions, which HAPI's registry starts from.
		List<IBaseResource> all = FhirContext.forCached(fhirContext.getVersion().getVersion())
			.getValidationSupport()
			.fetchAllSearchParameters();
		SearchParameter builtIn = (all == null ? List.<IBaseResource>of() : all).stream()
			.filter(SearchParameter.class::isInstance)
			.map(SearchParameter.class::cast)
			.filter(parameter -> url.equals(parameter.getUrl()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("careplan.search.retired-parameters names " + id
					+ ", which is not a search parameter of FHIR R4"));
		SearchParameter retirement = new SearchParameter();
		retirement.setId(ID_PREFIX + id);
		retirement.getMeta().addTag(TAG_SYSTEM, TAG_CODE, "Retired by careplan.search.retired-parameters");
		retirement.setUrl(url)
			.setName(builtIn.getName())
			.setStatus(PublicationStatus.RETIRED)
			.setDescription("Not indexed or searchable on this server (careplan.search.retired-parameters). "
					+ builtIn.getDescription())
			.setCode(builtIn.getCode())
			.setType(builtIn.getType())
			.setExpression(builtIn.getExpression())
			.setXpathUsage(builtIn.getXpathUsage());
		builtIn.getBase().forEach(base -> retirement.addBase(base.getValue()));
		return retirement;
	}

}
