package org.careplanfhir.server.cluster;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.careplanfhir.server.storage.SchemaScripts;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cluster mode's parts. When it is off, {@link ClusterMode} says so, and the one instance takes over
 * at start-up the batch work its own previous run left unfinished.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

	/** HAPI names its scheduler bean so, in {@code JpaConfig}. */
	static final String HAPI_SCHEDULER = "schedulerService";

	static final String SCHEDULED_JOBS = "scheduled-jobs";

	@Bean
	ClusterMode clusterMode(Environment environment) {
		return ClusterMode.of(environment);
	}

	/**
	 * In cluster mode, refuses what the instances cannot share before anything starts, and puts the
	 * scheduler that runs HAPI's clustered jobs once in the cluster in place of HAPI's own.
	 */
	@Bean
	static BeanDefinitionRegistryPostProcessor clusterPreconditionsAndScheduler(Environment environment) {
		return registry -> {
			if (ClusterMode.isOn(environment)) {
				ClusterPreconditions.check(environment);
				replaceScheduler(registry);
			}
		};
	}

	private static void replaceScheduler(BeanDefinitionRegistry registry) {
		if (registry.containsBeanDefinition(HAPI_SCHEDULER)) {
			registry.removeBeanDefinition(HAPI_SCHEDULER);
		}
		RootBeanDefinition scheduler = new RootBeanDefinition(OnceInClusterScheduler.class);
		scheduler.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
		registry.registerBeanDefinition(HAPI_SCHEDULER, scheduler);
	}

	/**
	 * A single instance runs the scheduled jobs from its start on, taking over from its own previous
	 * run, which may have been killed with batch work under way. Done before HAPI's scheduler starts
	 * (on the context's refresh), so that none of this run's work is under way yet.
	 */
	@Bean
	@Conditional(SingleInstanceCondition.class)
	SmartInitializingSingleton takeOverFromThePreviousRun(JdbcTemplate database) {
		OrphanedBatchWork orphans = new OrphanedBatchWork(database);
		return orphans::run;
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(ClusterModeCondition.class)
	static class Members {

		@Bean
		ClusterSchema clusterSchema(DataSource dataSource) {
			SchemaScripts.apply(dataSource, "careplan/cluster/schema.sql");
			return new ClusterSchema();
		}

		@Bean
		ClusterLease scheduledJobsLease(ClusterSchema schema, JdbcTemplate database, ClusterMode mode,
				ClusterProperties properties) {
			return new ClusterLease(database, SCHEDULED_JOBS, mode.nodeName(), properties.leaseDuration(),
					new OrphanedBatchWork(database));
		}

		@Bean
		ClusterWrites clusterWrites(ClusterSchema schema, DataSourceProperties database) {
			HikariDataSource counterPool = database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
			counterPool.setPoolName("cluster-writes");
			counterPool.setMaximumPoolSize(2);
			counterPool.setMinimumIdle(1);
			return new ClusterWrites(counterPool);
		}

	}

	/** Made once the cluster's tables exist. */
	static final class ClusterSchema {

	}

}
