package org.careplanfhir.server.bulk;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.storage.StorageSettingsCustomizer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves HAPI's bulk export operations ({@code $export}, {@code $export-poll-status}). The export
 * job runs on HAPI's batch framework and writes its NDJSON files as Binary resources in the same
 * database. Who may export, and what, is this module's {@link BulkExportAccess} policy. Off with
 * {@code careplan.bulk-export.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "careplan.bulk-export.enabled", havingValue = "true", matchIfMissing = true)
class BulkExportConfiguration {

	@Bean
	FhirServerCustomizer bulkExportOperations(BulkDataExportProvider exportProvider) {
		return server -> {
			server.registerProvider(exportProvider);
			server.registerInterceptor(new ExportStatusRequests());
		};
	}

	@Bean
	BulkExportAccess bulkExportAccess(FhirAccessResolver accessResolver, IJobCoordinator jobs) {
		return new BulkExportAccess(accessResolver, jobs);
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
