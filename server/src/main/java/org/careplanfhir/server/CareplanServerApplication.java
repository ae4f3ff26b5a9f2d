package org.careplanfhir.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Careplan FHIR Server: a FHIR R4 server for case management, built on the HAPI FHIR JPA server.
 * <p>
 * HAPI's jars bring Elasticsearch clients (for Hibernate Search) and Quartz (for its own scheduler)
 * onto the classpath. Neither is something Spring Boot should set up a second time, so their
 * auto-configurations are excluded. Thymeleaf renders the sign-in, patient picker and consent pages.
 */
@SpringBootApplication(exclude = { ElasticsearchRestClientAutoConfiguration.class,
		ElasticsearchClientAutoConfiguration.class, QuartzAutoConfiguration.class })
@ConfigurationPropertiesScan
public class CareplanServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(CareplanServerApplication.class, args);
	}

}
