package org.careplanfhir.server.bulkimport;

import javax.sql.DataSource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.cache.IResourceTypeCacheSvc;
import ca.uhn.fhir.jpa.cache.ISearchParamIdentityCacheSvc;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorService;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.careplanfhir.server.cluster.ClusterMode;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.storage.SchemaScripts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * Serves Bulk Data {@code $import} and its status URL ({@link BulkImportOperations}); the loading is
 * this module's own ({@link ImportJobs}): new resources by the {@link DirectWriter} unless
 * {@code careplan.bulk-import.writer=transactions}, the rest through the FHIR endpoint's transactions.
 * Off with {@code careplan.bulk-import.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "careplan.bulk-import.enabled", havingValue = "true", matchIfMissing = true)
class BulkImportConfiguration {

	private static final Logger log = LoggerFactory.getLogger(BulkImportConfiguration.class);

	@Bean
	ImportJobs importJobs(FhirContext fhirContext, DaoRegistry daos, IIdHelperService<?> ids,
			IHapiTransactionService transactions, DataSource dataSource, ClusterMode cluster,
			BulkImportProperties properties, DirectWriter directWriter, JpaStorageSettings storage,
			PartitionSettings partitions) {
		SchemaScripts.apply(dataSource, "careplan/bulkimport/schema.sql");
		@SuppressWarnings("unchecked")
		IFhirSystemDao<Bundle, ?> systemDao = (IFhirSystemDao<Bundle, ?>) daos.getSystemDao();
		DirectWriter direct = null;
		if (properties.writer() == BulkImportProperties.Writer.DIRECT) {
			if (DirectWriter.reproduces(storage, partitions)) {
				direct = directWriter;
			}
			else {
				log.warn("careplan.bulk-import.writer=direct, but HAPI's storage settings are not those the direct writer"
						+ " reproduces: imports go through transactions");
			}
		}
		return new ImportJobs(new TransactionWriter(fhirContext, systemDao, new ReferenceCheck(fhirContext, ids, transactions),
				properties.linesPerTransaction(), direct), new ImportJobStore(dataSource), properties, !cluster.on());
	}

	@Bean
	DirectWriter directWriter(FhirContext fhirContext, IInterceptorService storageHooks,
			SearchParamExtractorService extractor, ISearchParamIdentityCacheSvc parameterIdentities,
			IResourceTypeCacheSvc resourceTypes, IIdHelperService<JpaPid> ids, IHapiTransactionService transactions,
			DataSource dataSource, ObjectProvider<IFulltextSearchSvc> fullTextSearch, ISearchParamRegistry searchParameters,
			EntityManagerFactory entityManagers, JpaStorageSettings storage) {
		IFulltextSearchSvc words = fullTextSearch.getIfAvailable();
		FullText fullText = words == null || words.isDisabled() ? null
				: new FullText(fhirContext, searchParameters, SharedEntityManagerCreator.createSharedEntityManager(entityManagers));
		return new DirectWriter(fhirContext, storageHooks, extractor, parameterIdentities, resourceTypes, ids, transactions,
				new JdbcTemplate(dataSource), fullText, storage);
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
