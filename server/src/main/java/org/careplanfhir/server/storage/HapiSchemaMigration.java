package org.careplanfhir.server.storage;

import java.util.Collections;

import javax.sql.DataSource;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.SchemaMigrator;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database schema to the version this HAPI release expects, with HAPI's own migration
 * tasks, the way HAPI's command-line migrator does. A new database gets the whole schema in one
 * initialisation step; an up-to-date one is only compared with the migration table. Servers
 * starting together migrate one at a time under a {@link DatabaseLock}: HAPI's own lock row does not
 * cover creating its migration table, and gives up on a migration that lasts over 50 seconds.
 */
final class HapiSchemaMigration {

	private static final Logger log = LoggerFactory.getLogger(HapiSchemaMigration.class);

	private static final String LOCK = "careplan: HAPI schema migration";

	private final DataSource dataSource;

	HapiSchemaMigration(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	void migrate() {
		DatabaseLock.holding(dataSource, LOCK, this::migrateHoldingTheLock);
	}

	private void migrateHoldingTheLock() {
		long started = System.nanoTime();
		HapiMigrator migrator = new HapiMigrator(SchemaMigrator.HAPI_FHIR_MIGRATION_TABLENAME, dataSource,
				DriverTypeEnum.POSTGRES_9_4);
		migrator.addTasks(new HapiFhirJpaMigrationTasks(Collections.emptySet()).getAllTasks(VersionEnum.values()));
		migrator.createMigrationTableIfRequired();
		MigrationResult result = migrator.migrate();
		log.info("Database schema is current: {} migration tasks applied, {} failed ({} ms)",
				result.succeededTasks.size(), result.failedTasks.size(), (System.nanoTime() - started) / 1_000_000);
	}

}
