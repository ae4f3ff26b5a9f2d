package org.careplanfhir.server.conformance;

import java.util.List;

import ca.uhn.fhir.jpa.term.TermReadSvcImpl;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value sets US Core builds on LOINC, SNOMED CT, BCP 47 or VSAC cannot be expanded here. The
 * first start says so in one line that names them, not in an ERROR and a stack trace for each, and
 * the value sets that can be expanded (ours) are. The test sets two of US Core's back to "not
 * expanded" and runs the pre-expansion again, as a first start would.
 */
@ExtendWith(OutputCaptureExtension.class)
class ValueSetPreExpansionIntegrationTests extends FhirServerTest {

	private static final String NEEDS_BCP_47 = "http://hl7.org/fhir/us/core/ValueSet/simple-language";

	private static final String NEEDS_VSAC = "http://hl7.org/fhir/us/core/ValueSet/birthsex";

	private static final String OURS = "http://careplan-fhir.org/fhir/ValueSet/cm-case-manager-role";

	@Autowired
	private ValueSetPreExpansion preExpansion;

	@Autowired
	private LoggingSystem logging;

	@Test
	void valueSetsOnCodeSystemsNotHeldAreNamedInOneLineWithoutAnErrorWhileTheOthersAreExpanded(CapturedOutput output) {
		assertThat(expansionStatus(NEEDS_BCP_47)).as("after the first start").isEqualTo("FAILED_TO_EXPAND");
		assertThat(expansionStatus(OURS)).as("after the first start").isEqualTo("EXPANDED");
		String hapiLog = TermReadSvcImpl.class.getName();
		LoggerConfiguration levelBefore = logging.getLoggerConfiguration(hapiLog);
		database.update("UPDATE trm_valueset SET expansion_status = 'NOT_EXPANDED' WHERE url IN (?, ?)", NEEDS_BCP_47,
				NEEDS_VSAC);
		int before = output.getOut().length();

		List<String> notExpanded = preExpansion.expandPending();

		assertThat(notExpanded).contains(NEEDS_BCP_47, NEEDS_VSAC).doesNotContain(OURS).doesNotHaveDuplicates();
		assertThat(expansionStatus(NEEDS_BCP_47)).isEqualTo("FAILED_TO_EXPAND");
		assertThat(expansionStatus(NEEDS_VSAC)).isEqualTo("FAILED_TO_EXPAND");
		assertThat(expansionStatus(OURS)).isEqualTo("EXPANDED");
		assertThat(output.getOut().substring(before)).doesNotContain("Failed to pre-expand")
			.doesNotContain("HAPI-0702")
			.containsPattern("\\d+ value sets could not be pre-expanded, most often because they draw on code "
					+ "systems or value sets this server does not hold .*" + NEEDS_BCP_47.replace(".", "\\."));
		assertThat(logging.getLoggerConfiguration(hapiLog).getConfiguredLevel()).as("HAPI's log level, restored")
			.isEqualTo(levelBefore == null ? null : levelBefore.getConfiguredLevel());
	}

	/** As shipped, application.yaml sets HAPI's terminology logger to ERROR, the level of its lines. */
	@Test
	void withHapisTerminologyLoggerAtErrorAsShippedItsLinesAreStillLeftOutAndItsLevelComesBack(
			CapturedOutput output) {
		String hapiLog = TermReadSvcImpl.class.getName();
		LoggerConfiguration levelBefore = logging.getLoggerConfiguration(hapiLog);
		logging.setLogLevel(hapiLog, LogLevel.ERROR);
		try {
			database.update("UPDATE trm_valueset SET expansion_status = 'NOT_EXPANDED' WHERE url = ?", NEEDS_BCP_47);
			int before = output.getOut().length();

			assertThat(preExpansion.expandPending()).contains(NEEDS_BCP_47);

			assertThat(output.getOut().substring(before)).doesNotContain("Failed to pre-expand")
				.contains("could not be pre-expanded");
			assertThat(logging.getLoggerConfiguration(hapiLog).getConfiguredLevel()).isEqualTo(LogLevel.ERROR);
		}
		finally {
			logging.setLogLevel(hapiLog, levelBefore == null ? null : levelBefore.getConfiguredLevel());
		}
	}

	/** One value set's status; every version of it stored must have the same one. */
	private String expansionStatus(String url) {
		List<String> statuses = database.queryForList("SELECT DISTINCT expansion_status FROM trm_valueset WHERE url = ?",
				String.class, url);
		assertThat(statuses).as(url).hasSize(1);
		return statuses.get(0);
	}

}
