package org.careplanfhir.server.caseload;

import java.util.Collection;
import java.util.List;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The few HAPI searches a caseload still makes (a practitioner's roles), run as the server: what the
 * caller may see is decided afterwards, record by record ({@link Visibility}). The records of the
 * cases themselves are read by {@link StoredRecords}.
 */
final class Searches {

	private final DaoRegistry daos;

	Searches(DaoRegistry daos) {
		this.daos = daos;
	}

	<T extends IBaseResource> List<T> find(Class<T> type, SearchParameterMap query) {
		return daos.getResourceDao(type).searchForResources(query, new SystemRequestDetails());
	}

	static SearchParameterMap query() {
		return SearchParameterMap.newSynchronous();
	}

	/** References of one type ({@code Patient}) to these ids. */
	static ReferenceOrListParam anyOf(String type, Collection<String> ids) {
		ReferenceOrListParam references = new ReferenceOrListParam();
		ids.forEach(id -> references.addOr(new ReferenceParam(type + "/" + id)));
		return references;
	}

}
