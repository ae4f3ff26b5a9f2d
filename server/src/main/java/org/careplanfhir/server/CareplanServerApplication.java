package org.careplanfhir.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Careplan FHIR Server: a FHIR R4 server for case management, built on the HAPI FHIR JPA server.
 * <p>
 * HAPI's jars bring Thymeleaf (for narratives) and Elasticsearch clients (for Hibernate Search)
 * onto the classpath; neither is a web view engine or a cluster this application should
 * auto-configure, so their Spring Boot auto-configurations are excluded.
 */
@SpringBootApplication(exclude = { ThymeleafAutoConfiguration.class, ElasticsearchRestClientAutoConfiguration.class,
		ElasticsearchClientAutoConfiguration.class })
@ConfigurationPropertiesScan
public class CareplanServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(CareplanServerApplication.class, args);
	}

}
