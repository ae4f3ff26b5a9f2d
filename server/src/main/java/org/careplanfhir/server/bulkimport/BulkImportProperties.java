package org.careplanfhir.server.bulkimport;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bulk import.
 *
 * @param enabled whether {@code $import} is served
 * @param folder the folder on the server's disk whose NDJSON files an import may name ({@code file:}
 * URLs, or paths relative to it); unset, imports read only uploaded Binary resources
 * @param linesPerTransaction how many lines are stored in one database transaction
 * @param parallelTransactions how many of those transactions run, and validate, at once
 * @param resultRetention how long a finished import's manifest and error files are kept
 * @param writer how new resources are stored: {@code direct}, a batch at a time with the rows HAPI's
 * DAO would store ({@link DirectWriter}); or {@code transactions}, every line through a FHIR
 * transaction, as before (updates, and lines whose references need resolving, always are)
 */
@Validated
@ConfigurationProperties("careplan.bulk-import")
record BulkImportProperties(@DefaultValue("true") boolean enabled, Path folder,
		@Min(1) @Max(5000) @DefaultValue("200") int linesPerTransaction,
		@Min(1) @Max(64) @DefaultValue("2") int parallelTransactions,
		@NotNull @DefaultValue("2h") Duration resultRetention,
		@NotNull @DefaultValue("direct") Writer writer) {

	enum Writer {
		DIRECT, TRANSACTIONS
	}

}
