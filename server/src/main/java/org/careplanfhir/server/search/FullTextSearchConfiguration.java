package org.careplanfhir.server.search;

import java.nio.file.Path;
import java.util.Map;

import ca.uhn.fhir.jpa.search.HapiHSearchAnalysisConfigurers.HapiElasticsearchAnalysisConfigurer;
import ca.uhn.fhir.jpa.search.HapiHSearchAnalysisConfigurers.HapiLuceneAnalysisConfigurer;
import ca.uhn.fhir.jpa.search.elastic.IndexNamePrefixLayoutStrategy;
import org.careplanfhir.server.storage.DataDirectoryProperties;
import org.careplanfhir.server.storage.StorageSettingsCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Turns on Hibernate Search for HAPI's resource table, so that {@code _content} and {@code _text}
 * work on every resource type. HAPI ships with it off; a case manager looking for "fall risk" in a
 * care plan expects it on. Settings given under {@code spring.jpa.properties.hibernate.search.*}
 * take precedence over the ones here.
 */
@Configuration(proxyBeanMethods = false)
class FullTextSearchConfiguration {

	private static final Logger log = LoggerFactory.getLogger(FullTextSearchConfiguration.class);

	private static final String PREFIX = "hibernate.search.";

	@Bean
	HibernatePropertiesCustomizer fullTextHibernateProperties(FullTextSearchProperties search,
			DataDirectoryProperties dataDirectory) {
		return properties -> {
			properties.putIfAbsent(PREFIX + "enabled", Boolean.toString(search.fullText()));
			if (!search.fullText()) {
				log.info("Full-text search is off: _content and _text are not available");
				return;
			}
			switch (search.backend()) {
				case LUCENE -> lucene(properties, search, dataDirectory);
				case ELASTICSEARCH -> elasticsearch(properties, search.elasticsearch());
			}
		};
	}

	@Bean(OrderlyIndexShutdown.BEAN_NAME)
	OrderlyIndexShutdown orderlyIndexShutdown(FullTextSearchProperties search, DataDirectoryProperties dataDirectory) {
		return new OrderlyIndexShutdown(luceneRoot(search, dataDirectory));
	}

	@Bean
	static WithoutFullTextService withoutFullTextServiceWhenOff(Environment environment) {
		return new WithoutFullTextService(environment);
	}

	/** The persistence unit (and with it the index) closes before the shutdown is marked orderly. */
	@Bean
	static BeanFactoryPostProcessor indexClosesBeforeItsShutdownMark() {
		return beanFactory -> {
			if (beanFactory.containsBeanDefinition("entityManagerFactory")) {
				BeanDefinition persistenceUnit = beanFactory.getBeanDefinition("entityManagerFactory");
				String[] dependsOn = persistenceUnit.getDependsOn() == null ? new String[0] : persistenceUnit.getDependsOn();
				String[] more = java.util.Arrays.copyOf(dependsOn, dependsOn.length + 1);
				more[dependsOn.length] = OrderlyIndexShutdown.BEAN_NAME;
				persistenceUnit.setDependsOn(more);
			}
		};
	}

	@Bean
	StorageSettingsCustomizer fullTextIndexing(FullTextSearchProperties search) {
		return settings -> {
			settings.setHibernateSearchIndexFullText(search.fullText());
			if (search.backend() == FullTextSearchProperties.Backend.ELASTICSEARCH) {
				// Read by the index layout strategy named below.
				settings.setHSearchIndexPrefix(search.elasticsearch().indexPrefix());
			}
		};
	}

	private static void lucene(Map<String, Object> properties, FullTextSearchProperties search,
			DataDirectoryProperties dataDirectory) {
		String directory = luceneRoot(search, dataDirectory).toString();
		properties.putIfAbsent(PREFIX + "backend.type", "lucene");
		properties.putIfAbsent(PREFIX + "backend.analysis.configurer", HapiLuceneAnalysisConfigurer.class.getName());
		properties.putIfAbsent(PREFIX + "backend.directory.type", "local-filesystem");
		properties.putIfAbsent(PREFIX + "backend.directory.root", directory);
		properties.putIfAbsent(PREFIX + "backend.lucene_version", "LUCENE_CURRENT");
		// A write returns once its changes are searchable, without waiting for the index to be flushed
		// to disk (that happens within a second). Waiting cost a third of write throughput in our
		// benchmark; PostgreSQL holds the data, and at start-up LuceneCrashRecovery indexes again what
		// a crash kept from reaching the disk.
		properties.putIfAbsent(PREFIX + "indexing.plan.synchronization.strategy", "read-sync");
		log.info("Full-text search on a Lucene index in {}", properties.get(PREFIX + "backend.directory.root"));
	}

	static Path luceneRoot(FullTextSearchProperties search, DataDirectoryProperties dataDirectory) {
		return search.luceneDirectory() != null ? search.luceneDirectory().toAbsolutePath().normalize()
				: dataDirectory.resolve("lucene");
	}

	private static void elasticsearch(Map<String, Object> properties, FullTextSearchProperties.Elasticsearch cluster) {
		properties.putIfAbsent(PREFIX + "backend.type", "elasticsearch");
		properties.putIfAbsent(PREFIX + "backend.hosts", String.join(",", cluster.hosts()));
		properties.putIfAbsent(PREFIX + "backend.protocol", cluster.protocol());
		if (cluster.username() != null && !cluster.username().isBlank()) {
			properties.putIfAbsent(PREFIX + "backend.username", cluster.username());
			properties.putIfAbsent(PREFIX + "backend.password", cluster.password() == null ? "" : cluster.password());
		}
		// HAPI's analysers cut words into 3- to 20-character n-grams; the search engine refuses an
		// index with such analysers unless the index allows that spread.
		properties.putIfAbsent(PREFIX + "backend.schema_management.settings_file",
				"careplan/search/elasticsearch-index-settings.json");
		// A write returns once a search on any instance finds it: the index is refreshed first.
		properties.putIfAbsent(PREFIX + "indexing.plan.synchronization.strategy", "read-sync");
		properties.putIfAbsent(PREFIX + "backend.analysis.configurer",
				HapiElasticsearchAnalysisConfigurer.class.getName());
		properties.putIfAbsent(PREFIX + "backend.layout.strategy", IndexNamePrefixLayoutStrategy.class.getName());
		log.info("Full-text search on Elasticsearch at {}", properties.getOrDefault(PREFIX + "backend.hosts", "localhost:9200"));
	}

}
