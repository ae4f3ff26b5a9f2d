package org.careplanfhir.server.referrals;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the referral workflow: its state machine is a workflow rule bean ({@link ReferralTransitions},
 * run by the conformance module); the care team is kept in step by a hook on HAPI's global
 * interceptor service, so that referrals changed by a transaction or a backend load count too.
 */
@Configuration(proxyBeanMethods = false)
class ReferralsConfiguration {

	@Bean
	ReferralCareTeam referralCareTeam(DaoRegistry daos, IInterceptorService interceptors) {
		ReferralCareTeam careTeam = new ReferralCareTeam(daos);
		interceptors.registerInterceptor(careTeam);
		return careTeam;
	}

}
