package org.careplanfhir.server.cluster;

import ca.uhn.fhir.jpa.model.sched.IHapiScheduler;
import ca.uhn.fhir.jpa.sched.ClusteredHapiScheduler;
import ca.uhn.fhir.jpa.sched.HapiSchedulerServiceImpl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Trigger;
import org.quartz.listeners.JobListenerSupport;
import org.quartz.listeners.TriggerListenerSupport;

import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * HAPI's scheduler, whose "clustered" jobs (batch job maintenance, expired search and export
 * clean-up, and the like) run only on the instance holding the jobs' lease. Every instance
 * schedules them, so that another takes over at once when the holder goes; on the others each
 * firing is skipped. Its local jobs run on every instance, as HAPI means them to.
 */
class OnceInClusterScheduler extends HapiSchedulerServiceImpl {

	private final ClusterLease lease;

	private final Counter ran;

	private final Counter skipped;

	OnceInClusterScheduler(ClusterLease lease, MeterRegistry meters) {
		this.lease = lease;
		this.ran = jobs(meters, "ran");
		this.skipped = jobs(meters, "skipped");
		setDefaultGroup("HAPI");
	}

	@Override
	protected IHapiScheduler getClusteredScheduler() {
		return new ClusteredHapiScheduler("hapi-fhir-jpa-scheduler", mySchedulerJobFactory) {
			@Override
			protected void massageJobFactory(SchedulerFactoryBean factory) {
				super.massageJobFactory(factory);
				factory.setGlobalTriggerListeners(new LeaseHolderOnly());
				factory.setGlobalJobListeners(new Outcomes());
			}
		};
	}

	private static Counter jobs(MeterRegistry meters, String outcome) {
		return Counter.builder("careplan.cluster.scheduled.jobs")
			.tag("outcome", outcome)
			.description("Firings of the cluster's scheduled jobs on this instance: run, or skipped for another's lease")
			.register(meters);
	}

	private final class LeaseHolderOnly extends TriggerListenerSupport {

		@Override
		public String getName() {
			return "careplan-lease-holder-only";
		}

		@Override
		public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
			return !lease.held();
		}

	}

	/** What Quartz reports of each firing, for the metric. */
	private final class Outcomes extends JobListenerSupport {

		@Override
		public String getName() {
			return "careplan-cluster-job-outcomes";
		}

		@Override
		public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
			ran.increment();
		}

		@Override
		public void jobExecutionVetoed(JobExecutionContext context) {
			skipped.increment();
		}

	}

}
