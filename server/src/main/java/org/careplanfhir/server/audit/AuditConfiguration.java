package org.careplanfhir.server.audit;

import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import io.micrometer.core.instrument.MeterRegistry;
import org.hl7.fhir.r4.model.AuditEvent;

import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.fhir.PatientCompartmentDefinition;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.storage.DatabaseUnavailable;
import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the audit trail: its tables, the writer of events and the drain, the request filter and HAPI
 * hooks that record, the authorization server's events, and {@code /fhir/AuditEvent} in place of HAPI's
 * JPA provider for the type. Off with {@code careplan.audit.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "careplan.audit.enabled", havingValue = "true", matchIfMissing = true)
class AuditConfiguration {

	@Bean
	AuditEventWriter auditEventWriter(DataSource dataSource) {
		AuditSchema.apply(dataSource);
		return new AuditEventWriter(dataSource);
	}

	@Bean
	AuditOutbox auditOutbox(AuditEventWriter tablesMade, DataSource dataSource) {
		return new AuditOutbox(dataSource);
	}

	@Bean
	AuditEventStore auditEventStore(AuditEventWriter tablesMade, DataSource dataSource, FhirContext fhirContext) {
		// An AuditEvent names the version a write made; HAPI's parser drops a reference's version
		// unless told where not to.
		Set<String> keptVersions = new HashSet<>(fhirContext.getParserOptions().getDontStripVersionsFromReferencesAtPaths());
		keptVersions.add("AuditEvent.entity.what");
		fhirContext.getParserOptions().setDontStripVersionsFromReferencesAtPaths(keptVersions);
		return new AuditEventStore(new JdbcTemplate(dataSource), fhirContext);
	}

	@Bean
	AuditDrain auditDrain(AuditOutbox outbox, AuditEventStore events, PlatformTransactionManager transactionManager,
			AuditProperties properties) {
		return new AuditDrain(outbox, events, new TransactionTemplate(transactionManager), properties.drainInterval(),
				properties.retention());
	}

	@Bean
	FilterRegistrationBean<AuditTrailFilter> auditTrailFilter(AuditEventWriter events, AuditProperties properties,
			MeterRegistry meters, DatabaseUnavailable database) {
		FilterRegistrationBean<AuditTrailFilter> registration = new FilterRegistrationBean<>(
				new AuditTrailFilter(events, properties.reads(), meters, database));
		registration.setOrder(RequestPipeline.AUDIT_TRAIL);
		registration.addUrlPatterns("/fhir/*");
		return registration;
	}

	/** A transaction's entries and the writes in it reach HAPI's global hooks only. */
	@Bean
	AuditedWrites auditedWrites(AuditEventWriter events, PatientCompartmentDefinition compartment,
			IInterceptorService interceptors) {
		AuditedWrites writes = new AuditedWrites(events, compartment);
		interceptors.registerInterceptor(writes);
		return writes;
	}

	@Bean
	AuthorizationActivities authorizationActivities(AuditEventWriter events) {
		return new AuthorizationActivities(events);
	}

	@Bean
	AuditTrailExport auditTrailExport(AuditEventWriter tablesMade, DataSource dataSource) {
		return new AuditTrailExport(new JdbcTemplate(dataSource));
	}

	@Bean
	AuditExportAccess auditExportAccess(AuditTrailExport export) {
		return new AuditExportAccess(export);
	}

	@Bean
	FhirServerCustomizer auditEventEndpoint(AuditEventStore events, PatientCompartmentDefinition compartment,
			FhirAccessResolver accessResolver, AuditTrailExport export) {
		return server -> {
			server.getResourceProviders()
				.stream()
				.filter(provider -> provider.getResourceType() == AuditEvent.class)
				.toList()
				.forEach(server::unregisterProvider);
			server.registerProvider(new AuditEventProvider(events, accessResolver, export));
			server.registerInterceptor(new AuditedInteractions(compartment));
		};
	}

}
