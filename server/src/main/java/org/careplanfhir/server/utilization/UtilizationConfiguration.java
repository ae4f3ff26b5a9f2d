package org.careplanfhir.server.utilization;

import javax.sql.DataSource;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;

import org.careplanfhir.server.storage.SchemaScripts;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.security.policy.FhirAccessResolver;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the insurers' capability: the summary tables and the capture that keeps them current, the
 * payers' members for the security core, Groups that follow a payer's coverage, and the
 * {@code $evaluate-measure}, {@code $member-add} and {@code $member-remove} operations.
 */
@Configuration(proxyBeanMethods = false)
class UtilizationConfiguration {

	@Bean
	UtilizationFacts utilizationFacts(DataSource dataSource) {
		SchemaScripts.apply(dataSource, "careplan/utilization/schema.sql");
		return new UtilizationFacts(new JdbcTemplate(dataSource));
	}

	@Bean
	CoverageMembers coverageMembers(UtilizationFacts facts) {
		return new CoverageMembers(facts);
	}

	@Bean
	FactCapture factCapture(UtilizationFacts facts, DaoRegistry daos, IInterceptorService interceptors) {
		PayerGroups payerGroups = new PayerGroups(daos, facts);
		FactCapture capture = new FactCapture(facts, payerGroups);
		// Writes from anywhere are counted: requests, transactions' entries, the server's own writes.
		interceptors.registerInterceptor(capture);
		interceptors.registerInterceptor(payerGroups);
		return capture;
	}

	@Bean
	FactBackfill factBackfill(DataSource dataSource, DaoRegistry daos, FactCapture capture,
			PlatformTransactionManager transactionManager) {
		return new FactBackfill(new JdbcTemplate(dataSource), daos, capture, new TransactionTemplate(transactionManager));
	}

	@EventListener(ApplicationReadyEvent.class)
	void buildFacts(ApplicationReadyEvent ready) {
		ready.getApplicationContext().getBean(FactBackfill.class).buildIfStale();
	}

	@Bean
	MeasureAccess measureAccess() {
		return new MeasureAccess();
	}

	@Bean
	FhirServerCustomizer measureOperations(DaoRegistry daos, DataSource dataSource, FhirAccessResolver accessResolver,
			PlatformTransactionManager transactionManager) {
		TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
		readOnly.setReadOnly(true);
		MeasureQueries queries = new MeasureQueries(new JdbcTemplate(dataSource), readOnly);
		return server -> {
			server.registerProvider(new EvaluateMeasureOperation(daos, queries, accessResolver));
			server.registerProvider(new AttributionOperations(daos));
		};
	}

}
