package org.careplanfhir.server.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.careplanfhir.server.security.policy.CallerRights;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;

/** {@code careplan.security.enabled=false}: anyone may do anything. For a laptop, never a network. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSecurityMode(SecurityProperties.Mode.OFF)
class SecurityDisabled {

	private static final Logger log = LoggerFactory.getLogger(SecurityDisabled.class);

	/** Without tokens every caller may see every record, so the rules that read records see them all too. */
	@Bean
	CallerRights everyoneSeesEverything() {
		return new CallerRights() {

			@Override
			public boolean maySee(RequestDetails request, IBaseResource resource) {
				return true;
			}

			@Override
			public boolean mayReach(RequestDetails request, IBaseResource resource) {
				return true;
			}

		};
	}

	@Bean
	SecurityFilterChain openToEveryone(HttpSecurity http) throws Exception {
		log.warn("""

				*****************************************************************************
				*  SECURITY IS DISABLED (careplan.security.enabled=false).                   *
				*  Anyone who can reach this server can read, change and delete every        *
				*  patient's data. Use this only for local exploration with synthetic data.  *
				*****************************************************************************""");
		return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.csrf(AbstractHttpConfigurer::disable)
			.build();
	}

}
