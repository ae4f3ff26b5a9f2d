package org.careplanfhir.server.caseload;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;

import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.storage.GenericPlanQueries;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@code $caseload} and the access policy that lets case managers and backends call it. */
@Configuration(proxyBeanMethods = false)
class CaseloadConfiguration {

	@Bean
	FhirServerCustomizer caseloadOperation(DaoRegistry daos, FhirContext fhirContext, GenericPlanQueries queries,
			FhirAccessResolver accessResolver, CaseloadProperties properties, ExecutorService caseloadReaders) {
		return server -> server.registerProvider(new CaseloadOperation(daos, new StoredRecords(queries, fhirContext, daos),
				new LastContacts(queries), accessResolver, properties, caseloadReaders));
	}

	/** The threads that read a caseload's kinds of record at once; one caseload at a time uses at most six. */
	@Bean(destroyMethod = "shutdown")
	ExecutorService caseloadReaders() {
		AtomicInteger count = new AtomicInteger();
		return Executors.newFixedThreadPool(6, work -> {
			Thread thread = new Thread(work, "caseload-reader-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	CaseloadAccess caseloadAccess() {
		return new CaseloadAccess();
	}

}
