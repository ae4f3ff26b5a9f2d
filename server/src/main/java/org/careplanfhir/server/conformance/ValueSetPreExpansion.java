package org.careplanfhir.server.conformance;

import java.util.List;
import java.util.Objects;

import ca.uhn.fhir.jpa.dao.data.ITermValueSetDao;
import ca.uhn.fhir.jpa.entity.TermValueSet;
import ca.uhn.fhir.jpa.entity.TermValueSetPreExpansionStatusEnum;
import ca.uhn.fhir.jpa.term.TermReadSvcImpl;
import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pre-expands the value sets a package installation has just stored, and says in one line which of
 * them cannot be expanded here. US Core's value sets draw on LOINC, SNOMED CT, BCP 47 and VSAC, which
 * this server does not hold (nothing is downloaded); HAPI logs each such value set as an ERROR with
 * its stack trace, dozens on every first start, which reads as a broken install when it is the
 * expected outcome. HAPI's own per-value-set log is silenced for this one call; the value sets it
 * could not expand are read back from its table and named in the summary.
 */
@Component
class ValueSetPreExpansion {

	private static final String HAPI_TERMINOLOGY_LOG = TermReadSvcImpl.class.getName();

	private static final int MOST_NAMED = 200;

	private static final Logger log = LoggerFactory.getLogger(ValueSetPreExpansion.class);

	private final ITermReadSvc terminology;

	private final ITermValueSetDao valueSets;

	private final TransactionTemplate readOnly;

	private final LoggingSystem logging;

	ValueSetPreExpansion(ITermReadSvc terminology, ITermValueSetDao valueSets, PlatformTransactionManager transactions,
			LoggingSystem logging) {
		this.terminology = terminology;
		this.valueSets = valueSets;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.logging = logging;
	}

	/**
	 * Expands every value set not yet expanded; returns the canonical URLs of those that could not be
	 * (one each, whatever the versions stored).
	 */
	List<String> expandPending() {
		LoggerConfiguration hapiLog = logging.getLoggerConfiguration(HAPI_TERMINOLOGY_LOG);
		LogLevel configured = hapiLog == null ? null : hapiLog.getConfiguredLevel();
		// Runs before the server reports ready, so no request's terminology error is lost meanwhile.
		// The level HAPI's logger had (application.yaml sets ERROR) comes back afterwards.
		logging.setLogLevel(HAPI_TERMINOLOGY_LOG, LogLevel.OFF);
		try {
			terminology.preExpandDeferredValueSetsToTerminologyTables();
		}
		finally {
			logging.setLogLevel(HAPI_TERMINOLOGY_LOG, configured);
		}
		List<String> failed = Objects.requireNonNull(readOnly.execute(status -> valueSets
			.findByExpansionStatus(PageRequest.of(0, MOST_NAMED), TermValueSetPreExpansionStatusEnum.FAILED_TO_EXPAND)
			.map(TermValueSet::getUrl)
			.stream()
			.distinct()
			.toList()));
		if (!failed.isEmpty()) {
			log.info("{} value sets could not be pre-expanded, most often because they draw on code systems or "
					+ "value sets this server does not hold (such as LOINC, SNOMED CT or VSAC's): {}", failed.size(),
					String.join(", ", failed));
		}
		return failed;
	}

}
