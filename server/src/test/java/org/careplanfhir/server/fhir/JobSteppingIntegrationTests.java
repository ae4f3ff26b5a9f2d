package org.careplanfhir.server.fhir;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import io.restassured.response.Response;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAPI's batch maintenance pass runs every step interval (500 ms) only while a job is under way;
 * with none, only HAPI's own pass once a minute, so an idle or busy server does not spend its CPU
 * visiting finished jobs twice a second.
 */
class JobSteppingIntegrationTests extends FhirServerTest {

	@Autowired
	private JobMaintenanceServiceImpl maintenance;

	@Autowired
	private JobStepping stepping;

	private final AtomicInteger passes = new AtomicInteger();

	@BeforeEach
	void countPasses() {
		awaitNoJobUnderWay();
		maintenance.setMaintenanceJobStartedCallback(passes::incrementAndGet);
	}

	@AfterEach
	void stopCounting() {
		maintenance.setMaintenanceJobStartedCallback(() -> {
		});
	}

	@Test
	void noPassRunsEveryStepIntervalWhileNoJobIsUnderWay() throws InterruptedException {
		Thread.sleep(3_000);

		// Six step intervals; HAPI's own once-a-minute pass may fall among them.
		assertThat(passes.get()).isLessThanOrEqualTo(1);
	}

	@Test
	void anExportIsSteppedAlongUntilItIsDoneAndItsWorkClearedAway() {
		String token = TestTokens.system(port);
		String status = given().auth().oauth2(token).header("Prefer", "respond-async").accept(FHIR_JSON)
			.get("/$export?_type=Patient").then()
			.statusCode(202)
			.extract()
			.header("Content-Location");
		assertThat(stepping.underWay()).isTrue();

		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		Response answer;
		do {
			pause(Duration.ofMillis(250));
			answer = given().auth().oauth2(token).accept("application/json").get(status);
		}
		while (answer.statusCode() == 202 && Instant.now().isBefore(deadline));

		assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
		// Started, each step handed on, finished: far more than HAPI's minute pass would have made.
		assertThat(passes.get()).isGreaterThanOrEqualTo(3);
		awaitNoJobUnderWay();
		assertThat(database.queryForObject("SELECT count(*) FROM bt2_work_chunk chunk JOIN bt2_job_instance job"
				+ " ON chunk.instance_id = job.id WHERE job.stat = 'COMPLETED'", Integer.class)).isZero();
	}

	/** The reindexing of the search parameters installed at start-up takes most of a minute. */
	private void awaitNoJobUnderWay() {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
		while (stepping.underWay()) {
			assertThat(Instant.now()).as(() -> "still under way after 180 s: " + database.queryForList(
					"SELECT definition_id, stat, work_chunks_purged FROM bt2_job_instance WHERE stat IN ('QUEUED',"
							+ " 'IN_PROGRESS', 'FINALIZE', 'ERRORED') OR (stat IN ('COMPLETED', 'FAILED') AND NOT work_chunks_purged)"))
				.isBefore(deadline);
			pause(Duration.ofMillis(100));
		}
	}

	private static void pause(Duration time) {
		try {
			Thread.sleep(time.toMillis());
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new AssertionError(interrupted);
		}
	}

}
