package org.careplanfhir.server.fhir.input;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.careplanfhir.server.web.RequestPipeline;

/** The checks every request body to the FHIR endpoint passes before HAPI reads it. */
@Configuration(proxyBeanMethods = false)
class RequestInputConfiguration {

	@Bean
	FilterRegistrationBean<BodyCheckFilter> bodyCheck(RequestLimitsProperties limits) {
		FilterRegistrationBean<BodyCheckFilter> registration = new FilterRegistrationBean<>(
				new BodyCheckFilter(limits, new OperationOutcomeWriter()));
		registration.addUrlPatterns("/fhir/*");
		registration.setName("bodyCheck");
		// After Spring Security's filter chain: nothing is read or inflated for an unauthenticated caller.
		registration.setOrder(RequestPipeline.BODY_CHECK);
		return registration;
	}

}
