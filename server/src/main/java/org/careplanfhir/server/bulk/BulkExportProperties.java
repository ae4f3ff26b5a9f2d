package org.careplanfhir.server.bulk;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bulk data export.
 *
 * @param enabled whether {@code $export} is served
 * @param resourcesPerFile the most resources one NDJSON file holds; larger exports are split
 * @param fileRetention how long finished files are kept for download before they are deleted;
 * whole hours, at least one
 */
@Validated
@ConfigurationProperties("careplan.bulk-export")
record BulkExportProperties(@DefaultValue("true") boolean enabled,
		@Min(1) @DefaultValue("5000") int resourcesPerFile, @NotNull @DefaultValue("2h") Duration fileRetention) {

	int fileRetentionHours() {
		return (int) Math.max(1, fileRetention.toHours());
	}

}
