package org.careplanfhir.server.bulk;

import java.time.Duration;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobPersistence;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.fhir.PatientCompartmentDefinition;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.SearchQueryCheck;
import org.careplanfhir.server.storage.StorageSettingsCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves Bulk Data Access 2.0 ({@code $export} at every level and its status URL) with operations of
 * our own ({@link BulkExportOperations}) on HAPI's export job, which runs on HAPI's batch framework
 * and writes its NDJSON files as Binary resources in the same database. Who may export, and what,
 * is this module's {@link BulkExportAccess} policy. Off with {@code careplan.bulk-export.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "careplan.bulk-export.enabled", havingValue = "true", matchIfMissing = true)
class BulkExportConfiguration {

	@Bean
	FhirServerCustomizer bulkExportOperations(FhirContext fhirContext, DaoRegistry daos, IJobCoordinator jobs,
			IJobPersistence jobStore, FhirAccessResolver accessResolver, SearchQueryCheck queries,
			PatientCompartmentDefinition compartment, BulkExportProperties properties, MatchUrlService matchUrls,
			ObjectProvider<ExportSource> sources) {
		ExportKickOff kickOff = new ExportKickOff(fhirContext, daos, jobs, accessResolver, queries,
				new ExportTypes(daos, compartment, sources.orderedStream().toList()), matchUrls, properties.resourcesPerFile());
		ExportStatusPoll status = new ExportStatusPoll(fhirContext, jobs, jobStore, daos, accessResolver,
				Duration.ofHours(properties.fileRetentionHours()));
		return server -> {
			server.registerProvider(new BulkExportOperations(kickOff, status));
			server.registerInterceptor(new BulkDataServerClaim());
		};
	}

	/** The export job calls this for every resource it writes, outside any request: a global hook. */
	@Bean
	ElementsSubset elementsSubset(FhirContext fhirContext, IInterceptorService interceptors) {
		ElementsSubset subset = new ElementsSubset(fhirContext);
		interceptors.registerInterceptor(subset);
		return subset;
	}

	@Bean
	BulkExportAccess bulkExportAccess(FhirAccessResolver accessResolver) {
		return new BulkExportAccess(accessResolver);
	}

	@Bean
	StorageSettingsCustomizer bulkExportSettings(BulkExportProperties properties) {
		return settings -> {
			settings.setBulkExportFileMaximumCapacity(properties.resourcesPerFile());
			settings.setBulkExportFileRetentionPeriodHours(properties.fileRetentionHours());
			// A new kick-off must see what was written since the last one, not reuse its files.
			settings.setEnableBulkExportJobReuse(false);
			// Each step of the job starts as soon as the one before ends, not at the next
			// once-a-minute maintenance pass.
			settings.setJobFastTrackingEnabled(true);
		};
	}

}
