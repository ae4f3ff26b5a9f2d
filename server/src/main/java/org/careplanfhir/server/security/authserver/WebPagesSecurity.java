package org.careplanfhir.server.security.authserver;

import org.careplanfhir.server.security.SecurityModes;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Everything outside {@code /fhir} and the OAuth2 endpoints: the sign-in, picker and consent pages
 * (a signed-in person), the admin API and EHR launch endpoint (an administrator, HTTP Basic), and
 * everything else, static or unknown (open: health and metrics are for probes and scrapers on the
 * operator's network).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(SecurityModes.EMBEDDED)
class WebPagesSecurity {

	@Bean
	@Order(3)
	SecurityFilterChain webPages(HttpSecurity http) throws Exception {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers(paths.matcher("/admin/**"), paths.matcher("/smart/launch"))
			.hasRole("ADMIN")
			.requestMatchers(paths.matcher(PatientSelection.PICKER), paths.matcher("/oauth2/consent"))
			.authenticated()
			.anyRequest()
			.permitAll())
			.formLogin(login -> login.loginPage("/login").permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf(csrf -> csrf.ignoringRequestMatchers(paths.matcher("/admin/**"), paths.matcher("/smart/launch")));
		return http.build();
	}

}
