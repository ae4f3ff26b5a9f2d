package org.careplanfhir.server.storage;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Migrates the schema before anything opens a JPA session: the entity manager factory asks for
 * this bean, so the migration always runs first. Hibernate never changes the schema itself.
 */
@Configuration(proxyBeanMethods = false)
class SchemaMigrationConfiguration {

	static final String MIGRATED_SCHEMA = "migratedSchema";

	@Bean(name = MIGRATED_SCHEMA, initMethod = "migrate")
	HapiSchemaMigration migratedSchema(DataSource dataSource) {
		return new HapiSchemaMigration(dataSource);
	}

	@Bean
	static SharedStartUpLock sharedStartUpLock(ObjectProvider<DataSource> dataSource) {
		return new SharedStartUpLock(dataSource);
	}

}
