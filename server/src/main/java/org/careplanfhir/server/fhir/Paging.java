package org.careplanfhir.server.fhir;

import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;

import org.springframework.stereotype.Component;

/**
 * Search results are paged from the database, so a client can page through a large result set
 * without the server holding it in memory.
 */
@Component
class Paging implements FhirServerCustomizer {

	private final DatabaseBackedPagingProvider pagingProvider;

	private final FhirServerProperties properties;

	Paging(DatabaseBackedPagingProvider pagingProvider, FhirServerProperties properties) {
		this.pagingProvider = pagingProvider;
		this.properties = properties;
	}

	@Override
	public void customize(RestfulServer server) {
		pagingProvider.setDefaultPageSize(properties.defaultPageSize());
		pagingProvider.setMaximumPageSize(properties.maxPageSize());
		server.setPagingProvider(pagingProvider);
	}

}
