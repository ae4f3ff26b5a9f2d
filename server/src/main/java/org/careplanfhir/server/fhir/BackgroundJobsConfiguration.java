package org.careplanfhir.server.fhir;

import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How often HAPI's batch framework moves jobs along: it starts queued jobs and hands a finished
 * step's work to the next step only on its maintenance pass. Set before the scheduler starts.
 */
@Configuration(proxyBeanMethods = false)
class BackgroundJobsConfiguration {

	@Bean
	static BeanPostProcessor jobStepInterval(ObjectProvider<BackgroundJobsProperties> properties) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String name) {
				if (bean instanceof JobMaintenanceServiceImpl maintenance) {
					maintenance.setScheduledJobFrequencyMillis(properties.getObject().stepInterval().toMillis());
				}
				return bean;
			}
		};
	}

}
