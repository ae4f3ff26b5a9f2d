package org.careplanfhir.server.bulk;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import ca.uhn.fhir.batch2.model.JobInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Retry-After an export's status answers with, from how long it has run and how far it got. */
class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

	@Test
	void aJobThatHasJustStartedIsPolledAgainInASecond() {
		assertThat(ExportStatusPoll.secondsToWait(job(Duration.ZERO, 0), NOW)).isEqualTo(1);
		assertThat(ExportStatusPoll.secondsToWait(job(Duration.ofSeconds(2), 0), NOW)).isEqualTo(1);
	}

	@Test
	void theWaitIsWhatTheJobStillNeedsWhenThatIsShort() {
		// Ran 40 s, 95 % done: about 2 s to go.
		assertThat(ExportStatusPoll.secondsToWait(job(Duration.ofSeconds(40), 0.95), NOW)).isEqualTo(2);
	}

	@Test
	void anEarlyEstimateNeverMakesTheClientWaitMoreThanAnEighthOfTheTimeSoFar() {
		// Ran 24 s, 5 % done: a linear estimate says 456 s, which HAPI's uneven progress makes wrong.
		assertThat(ExportStatusPoll.secondsToWait(job(Duration.ofSeconds(24), 0.05), NOW)).isEqualTo(3);
		assertThat(ExportStatusPoll.secondsToWait(job(Duration.ofMinutes(10), 0.01), NOW))
			.isEqualTo(ExportStatusPoll.LONGEST_WAIT_SECONDS);
	}

	private static JobInstance job(Duration running, double progress) {
		JobInstance job = new JobInstance();
		job.setStartTime(Date.from(NOW.minus(running)));
		job.setProgress(progress);
		return job;
	}

}
