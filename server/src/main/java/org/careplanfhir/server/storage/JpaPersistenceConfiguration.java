package org.careplanfhir.server.storage;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.hibernate.cfg.AvailableSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI's entity manager factory on PostgreSQL. Operators' {@code spring.jpa.properties.*} win over
 * the defaults here; other capabilities add their own settings as {@link HibernatePropertiesCustomizer}s.
 */
@Configuration(proxyBeanMethods = false)
class JpaPersistenceConfiguration {

	@Bean
	@Primary
	@DependsOn(SchemaMigrationConfiguration.MIGRATED_SCHEMA)
	LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory beanFactory,
			DataSource dataSource, FhirContext fhirContext, JpaStorageSettings storageSettings,
			JpaProperties jpaProperties, ObjectProvider<HibernatePropertiesCustomizer> customizers) {
		LocalContainerEntityManagerFactoryBean factory = HapiEntityManagerFactoryUtil
			.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		factory.setJpaPropertyMap(hibernateProperties(jpaProperties, customizers));
		return factory;
	}

	@Bean
	@Primary
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new LookupTolerantTransactionManager(entityManagerFactory);
	}

	private static Map<String, Object> hibernateProperties(JpaProperties jpaProperties,
			ObjectProvider<HibernatePropertiesCustomizer> customizers) {
		Map<String, Object> properties = new HashMap<>(jpaProperties.getProperties());
		properties.putIfAbsent(AvailableSettings.DIALECT, HapiFhirPostgresDialect.class.getName());
		// The schema belongs to HAPI's migration tasks (see HapiSchemaMigration), never to Hibernate.
		properties.put(AvailableSettings.HBM2DDL_AUTO, "none");
		properties.putIfAbsent(AvailableSettings.SCANNER, "org.hibernate.boot.archive.scan.internal.DisabledScanner");
		properties.putIfAbsent(AvailableSettings.IMPLICIT_NAMING_STRATEGY, SpringImplicitNamingStrategy.class.getName());
		properties.putIfAbsent(AvailableSettings.PHYSICAL_NAMING_STRATEGY,
				CamelCaseToUnderscoresNamingStrategy.class.getName());
		properties.putIfAbsent(AvailableSettings.STATEMENT_BATCH_SIZE, "30");
		properties.putIfAbsent(AvailableSettings.ORDER_INSERTS, "true");
		properties.putIfAbsent(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
		properties.putIfAbsent(AvailableSettings.USE_QUERY_CACHE, "false");
		customizers.orderedStream().forEach(customizer -> customizer.customize(properties));
		return properties;
	}

}
