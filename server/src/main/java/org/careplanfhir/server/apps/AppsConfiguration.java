package org.careplanfhir.server.apps;

import org.careplanfhir.server.security.PublicAddress;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the care-plan app as a client, unless {@code careplan.app.enabled=false}, or security is off. */
@Configuration(proxyBeanMethods = false)
class AppsConfiguration {

	@Bean
	@ConditionalOnProperty(name = { "careplan.app.enabled", "careplan.security.enabled" }, havingValue = "true",
			matchIfMissing = true)
	CarePlanApp carePlanApp(PublicAddress address) {
		return new CarePlanApp(address);
	}

}
