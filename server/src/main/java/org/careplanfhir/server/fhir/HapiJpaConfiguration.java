package org.careplanfhir.server.fhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * HAPI's JPA server for FHIR R4: DAOs, resource providers, search, terminology, and the batch
 * framework that reindexing and bulk export run on. Batch work chunks travel over HAPI's
 * in-process message channels ({@link SubscriptionChannelConfig}); no external broker is needed.
 */
@Configuration(proxyBeanMethods = false)
@Import({ JpaR4Config.class, HapiJpaConfig.class, ThreadPoolFactoryConfig.class, JpaBatch2Config.class,
		Batch2JobsConfig.class, SubscriptionChannelConfig.class })
class HapiJpaConfiguration {

}
