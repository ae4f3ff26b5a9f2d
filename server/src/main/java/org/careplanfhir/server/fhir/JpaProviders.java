package org.careplanfhir.server.fhir;

import java.util.List;

import ca.uhn.fhir.batch2.jobs.bulkmodify.reindex.ReindexProvider;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * HAPI's JPA providers: one per resource type, the system-level operations (transaction, history,
 * {@code $meta}), value-set operations, {@code $reindex} (needed after turning on full-text search
 * or adding a search parameter to a populated database), and a CapabilityStatement computed from
 * what is registered.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class JpaProviders implements FhirServerCustomizer {

	private final ResourceProviderFactory resourceProviders;

	private final IJpaSystemProvider systemProvider;

	private final ValueSetOperationProvider valueSetOperations;

	private final ReindexProvider reindex;

	private final CapabilityStatementSources capabilitySources;

	JpaProviders(ResourceProviderFactory resourceProviders, IJpaSystemProvider systemProvider,
			ValueSetOperationProvider valueSetOperations, ReindexProvider reindex,
			CapabilityStatementSources capabilitySources) {
		this.resourceProviders = resourceProviders;
		this.systemProvider = systemProvider;
		this.valueSetOperations = valueSetOperations;
		this.reindex = reindex;
		this.capabilitySources = capabilitySources;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerProviders(resourceProviders.createProviders());
		server.registerProviders(List.of(systemProvider, valueSetOperations, reindex));
		server.setServerConformanceProvider(capabilitySources.providerFor(server));
	}

	/** What HAPI needs to describe the server in its CapabilityStatement. */
	@Component
	record CapabilityStatementSources(IFhirSystemDao<?, ?> systemDao, JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParams, IValidationSupport validationSupport) {

		JpaCapabilityStatementProvider providerFor(RestfulServer server) {
			JpaCapabilityStatementProvider provider = new JpaCapabilityStatementProvider(server, systemDao,
					storageSettings, searchParams, validationSupport);
			provider.setImplementationDescription(RestfulServerConfiguration.SERVER_NAME);
			return provider;
		}

	}

}
