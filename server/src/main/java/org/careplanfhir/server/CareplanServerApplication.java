package org.careplanfhir.server;

import org.careplanfhir.server.authserver.EmbeddedAuthorizationServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.metrics.LogbackMetricsAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.session.SessionAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.modulith.Modulithic;

/**
 * Careplan FHIR Server: a FHIR R4 server for case management, built on the HAPI FHIR JPA server.
 * <p>
 * HAPI's jars bring Elasticsearch clients (for Hibernate Search) and Quartz (for its own scheduler)
 * onto the classpath. Neither is something Spring Boot should set up a second time, so their
 * auto-configurations are excluded; so is Spring Session's, which the embedded authorization server
 * sets up itself for its sign-in pages (no other mode has them). Micrometer's count of log lines by
 * level is left out too: it works as a Logback turbo filter, which every disabled debug or trace
 * check in the process then runs through, and HAPI makes such checks for each element it reads or
 * writes; the request log and the HTTP metrics already count what clients meet. Thymeleaf renders the sign-in,
 * patient picker and consent pages.
 * <p>
 * The scan is {@code @SpringBootApplication}'s, less the embedded authorization server's
 * implementation: its entry configuration alone brings it in, when that is the security mode.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = { ElasticsearchRestClientAutoConfiguration.class,
		ElasticsearchClientAutoConfiguration.class, QuartzAutoConfiguration.class, SessionAutoConfiguration.class,
		LogbackMetricsAutoConfiguration.class })
@ComponentScan(excludeFilters = { @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
		@Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
		@Filter(type = FilterType.REGEX, pattern = EmbeddedAuthorizationServer.SCANNED_BY_ENTRY_ONLY) })
@ConfigurationPropertiesScan
@Modulithic(systemName = "Careplan FHIR Server")
public class CareplanServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(CareplanServerApplication.class, args);
	}

}
