package org.careplanfhir.server.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.fhir.PatientCompartmentDefinition;
import org.careplanfhir.server.fhir.RequestParameters;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * {@code $everything} also returns the Provenance of the records it returns: who changed the care
 * plan is part of the record. HAPI's {@code $everything} leaves out every Provenance that does not
 * name the patient itself (it never follows a Provenance, so as not to stray into other patients'
 * records), so the Provenance of the patient's care plan was missing. Each page gains, as included
 * entries, the Provenance resources whose target is one of its records of the patient's record (not
 * the practitioners and organizations it names), unless {@code _type} leaves
 * Provenance out. Which Provenance name the page's records is read from HAPI's reference index
 * ({@link ProvenanceTargets}); those the page holds already (HAPI's own {@code $everything} returns
 * the Provenance that names the patient) are not loaded again. The others are searched by id with
 * the caller's request, so the caller's rights and the {@code start}/{@code end}/{@code _since}
 * window apply to them, and added before the compartment checks judge the page.
 */
@Component
@Interceptor
class EverythingProvenance implements FhirServerCustomizer {

	private static final String PROVENANCE = "Provenance";

	private final DaoRegistry daos;

	private final EverythingPages pages;

	private final PatientCompartmentDefinition record;

	private final ProvenanceTargets provenance;

	EverythingProvenance(DaoRegistry daos, EverythingPages pages, PatientCompartmentDefinition record,
			ProvenanceTargets provenance) {
		this.daos = daos;
		this.pages = pages;
		this.record = record;
		this.provenance = provenance;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.ANSWER_COMPLETION)
	public boolean addProvenance(RequestDetails request, ResponseDetails response) {
		if (!(response.getResponseResource() instanceof Bundle page) || !pages.isEverything(request)
				|| !provenanceWanted(request) || page.getEntry().isEmpty()) {
			return true;
		}
		Set<String> present = new HashSet<>();
		List<Resource> records = new ArrayList<>();
		for (BundleEntryComponent entry : page.getEntry()) {
			Resource resource = entry.getResource();
			if (resource != null) {
				present.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
				// The practitioners and organizations a page names are not the patient's record, nor their history.
				if (record.contains(resource.fhirType())) {
					records.add(resource);
				}
			}
		}
		SearchParameterMap search = missingProvenance(records, present);
		if (search == null) {
			return true;
		}
		List<IBaseResource> found = RequestParameters.withoutClientPaging(request,
				() -> daos.getResourceDao(PROVENANCE).search(search, request).getAllResources());
		for (IBaseResource provenance : found) {
			String id = PROVENANCE + "/" + provenance.getIdElement().getIdPart();
			if (present.add(id)) {
				page.addEntry().setFullUrl(request.getFhirServerBase() + "/" + id).setResource((Resource) provenance)
					.getSearch().setMode(SearchEntryMode.INCLUDE);
			}
		}
		return true;
	}

	/**
	 * The search for the Provenance of these records that the page does not hold yet, or null when
	 * there is none. The records' keys, which HAPI leaves on every resource it loads, find the
	 * Provenance's ids; if a record lacks one, the Provenance of all the records is searched for by
	 * their references instead.
	 */
	private SearchParameterMap missingProvenance(List<Resource> records, Set<String> present) {
		if (records.isEmpty()) {
			return null;
		}
		SearchParameterMap search = SearchParameterMap.newSynchronous();
		List<Long> keys = new ArrayList<>();
		for (Resource resource : records) {
			JpaPid key = IDao.RESOURCE_PID.get(resource);
			if (key == null) {
				ReferenceOrListParam targets = new ReferenceOrListParam();
				records.forEach(each -> targets.addOr(new ReferenceParam(each.fhirType() + "/" + each.getIdElement().getIdPart())));
				return search.add("target", targets);
			}
			keys.add(key.getId());
		}
		List<String> missing = provenance.naming(keys).stream().filter(id -> !present.contains(PROVENANCE + "/" + id)).toList();
		if (missing.isEmpty()) {
			return null;
		}
		return search.add(Constants.PARAM_ID, new TokenOrListParam(null, missing.toArray(String[]::new)));
	}

	private static boolean provenanceWanted(RequestDetails request) {
		List<String> types = RequestParameters.listed(request.getParameters().get(Constants.PARAM_TYPE));
		return types == null || types.contains(PROVENANCE);
	}

}
