package org.careplanfhir.server.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
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
 * Provenance out. They are searched with the caller's request, so the caller's rights and the
 * {@code start}/{@code end}/{@code _since} window apply to them, and added before the compartment
 * checks judge the page.
 */
@Component
@Interceptor
class EverythingProvenance implements FhirServerCustomizer {

	private static final String PROVENANCE = "Provenance";

	private final DaoRegistry daos;

	private final EverythingPages pages;

	private final PatientCompartmentDefinition record;

	EverythingProvenance(DaoRegistry daos, EverythingPages pages, PatientCompartmentDefinition record) {
		this.daos = daos;
		this.pages = pages;
		this.record = record;
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
		ReferenceOrListParam targets = new ReferenceOrListParam();
		for (BundleEntryComponent entry : page.getEntry()) {
			Resource resource = entry.getResource();
			if (resource != null) {
				String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
				present.add(id);
				// The practitioners and organizations a page names are not the patient's record, nor their history.
				if (record.contains(resource.fhirType())) {
					targets.addOr(new ReferenceParam(id));
				}
			}
		}
		if (targets.getValuesAsQueryTokens().isEmpty()) {
			return true;
		}
		SearchParameterMap search = SearchParameterMap.newSynchronous();
		search.add("target", targets);
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

	private static boolean provenanceWanted(RequestDetails request) {
		List<String> types = RequestParameters.listed(request.getParameters().get(Constants.PARAM_TYPE));
		return types == null || types.contains(PROVENANCE);
	}

}
