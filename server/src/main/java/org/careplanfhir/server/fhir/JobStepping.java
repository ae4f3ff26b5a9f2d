package org.careplanfhir.server.fhir;

import java.util.Arrays;
import java.util.stream.Collectors;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.jpa.model.sched.HapiJob;
import ca.uhn.fhir.jpa.model.sched.IHasScheduledJobs;
import ca.uhn.fhir.jpa.model.sched.ISchedulerService;
import ca.uhn.fhir.jpa.model.sched.ScheduledJobDefinition;
import org.quartz.JobExecutionContext;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves HAPI's batch jobs (bulk export, reindexing, expunge) along every
 * {@code careplan.background-jobs.step-interval} while one is under way. HAPI's maintenance pass
 * starts queued jobs and hands a finished step's work on to the next; HAPI runs it once a minute,
 * which makes even a tiny export take minutes. But each pass visits every job instance still on
 * record, finished ones too, with several queries each: run every half second regardless, it was
 * 10-14 % of a server's sampled CPU under a read load with no job under way, and grows as finished
 * jobs pile up. So between HAPI's own passes, a pass runs only when a job is queued, running,
 * finalizing, retrying after an error, or completed or failed with its work chunks not yet cleared
 * away (HAPI never clears a cancelled job's, so counting those would run it forever). Scheduled as
 * a clustered job, like HAPI's, so in a cluster only the lease holder steps jobs.
 */
@Component
class JobStepping implements IHasScheduledJobs {

	private static final String UNDER_WAY = "SELECT EXISTS (SELECT 1 FROM bt2_job_instance WHERE stat IN ("
			+ Arrays.stream(StatusEnum.values())
				.filter(status -> !status.isEnded())
				.map(status -> "'" + status.name() + "'")
				.collect(Collectors.joining(", "))
			+ ") OR (stat IN ('COMPLETED', 'FAILED') AND NOT work_chunks_purged))";

	private final JdbcTemplate database;

	private final IJobMaintenanceService maintenance;

	private final BackgroundJobsProperties properties;

	JobStepping(JdbcTemplate database, IJobMaintenanceService maintenance, BackgroundJobsProperties properties) {
		this.database = database;
		this.maintenance = maintenance;
		this.properties = properties;
	}

	@Override
	public void scheduleJobs(ISchedulerService scheduler) {
		ScheduledJobDefinition step = new ScheduledJobDefinition();
		step.setId(JobStepping.class.getName());
		step.setJobClass(Step.class);
		scheduler.scheduleClusteredJob(properties.stepInterval().toMillis(), step);
	}

	/** Whether a pass now would have anything to move along or clear away. */
	boolean underWay() {
		return Boolean.TRUE.equals(database.queryForObject(UNDER_WAY, Boolean.class));
	}

	void stepIfUnderWay() {
		if (underWay()) {
			maintenance.runMaintenancePass();
		}
	}

	/** The scheduler's job: HAPI's scheduler makes one per firing and fills in its fields. */
	public static class Step implements HapiJob {

		@Autowired
		private JobStepping stepping;

		@Override
		public void execute(JobExecutionContext context) {
			stepping.stepIfUnderWay();
		}

	}

}
