package org.careplanfhir.server.bulkimport;

import javax.sql.DataSource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import org.hl7.fhir.r4.model.Bundle;

import org.careplanfhir.server.cluster.ClusterMode;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.storage.SchemaScripts;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves Bulk Data {@code $import} and its status URL ({@link BulkImportOperations}); the loading is
 * this module's own ({@link ImportJobs}), through the FHIR endpoint's write path. Off with
 * {@code careplan.bulk-import.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "careplan.bulk-import.enabled", havingValue = "true", matchIfMissing = true)
class BulkImportConfiguration {

	@Bean
	ImportJobs importJobs(FhirContext fhirContext, DaoRegistry daos, IIdHelperService<?> ids,
			IHapiTransactionService transactions, DataSource dataSource, ClusterMode cluster,
			BulkImportProperties properties) {
		SchemaScripts.apply(dataSource, "careplan/bulkimport/schema.sql");
		@SuppressWarnings("unchecked")
		IFhirSystemDao<Bundle, ?> systemDao = (IFhirSystemDao<Bundle, ?>) daos.getSystemDao();
		return new ImportJobs(new TransactionWriter(fhirContext, systemDao, new ReferenceCheck(fhirContext, ids, transactions),
				properties.linesPerTransaction()), new ImportJobStore(dataSource), properties, !cluster.on());
	}

	@Bean
	FhirServerCustomizer bulkImportOperations(FhirContext fhirContext, DaoRegistry daos, FhirAccessResolver accessResolver,
			ImportJobs jobs, BulkImportProperties properties) {
		ImportRequests requests = new ImportRequests(accessResolver);
		ImportKickOff kickOff = new ImportKickOff(fhirContext, accessResolver, new ImportSources(properties.folder(), daos),
				jobs, requests);
		ImportStatusPoll status = new ImportStatusPoll(fhirContext, accessResolver, jobs);
		return server -> {
			requests.useHooksOf(server.getInterceptorService());
			server.registerProvider(new BulkImportOperations(kickOff, status));
		};
	}

	@Bean
	BulkImportAccess bulkImportAccess() {
		return new BulkImportAccess();
	}

}
