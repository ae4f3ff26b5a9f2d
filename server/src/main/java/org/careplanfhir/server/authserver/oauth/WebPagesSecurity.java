package org.careplanfhir.server.authserver.oauth;

import org.careplanfhir.server.security.AllowedOrigins;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Everything outside {@code /fhir} and the OAuth2 endpoints: the admin API and EHR launch endpoint
 * (an administrator, HTTP Basic on every request), the sign-in, picker and consent pages (a
 * signed-in person), and everything else, static or unknown (open: health and metrics are for
 * probes and scrapers on the operator's network).
 */
@Configuration(proxyBeanMethods = false)
class WebPagesSecurity {

	/**
	 * The admin API never looks at the sign-in session: a page on another site that a signed-in
	 * administrator visits cannot drive it with their cookie (cross-site request forgery), since
	 * every call must carry the credentials itself. Hence no CSRF token either.
	 */
	@Bean
	@Order(RequestPipeline.ADMIN_API_CHAIN)
	SecurityFilterChain adminApiAccess(HttpSecurity http, SignInThrottle throttle) throws Exception {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(new OrRequestMatcher(paths.matcher("/admin/**"), paths.matcher("/smart/launch")))
			.authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ADMIN"))
			.httpBasic(Customizer.withDefaults())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.addFilterBefore(throttle.filter(), org.springframework.security.web.authentication.www.BasicAuthenticationFilter.class);
		return http.build();
	}

	@Bean
	@Order(RequestPipeline.WEB_PAGES_CHAIN)
	SecurityFilterChain webPages(HttpSecurity http, SignInThrottle throttle, AllowedOrigins origins) throws Exception {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers(paths.matcher(PatientSelection.PICKER), paths.matcher("/oauth2/consent"))
			.authenticated()
			.anyRequest()
			.permitAll())
			.formLogin(login -> login.loginPage("/login").failureHandler(throttle.formFailures()).permitAll())
			.cors(cors -> cors.configurationSource(AuthorizationServerEndpoints.browserApps(origins)))
			.addFilterBefore(throttle.filter(),
					org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class)
			// The pages load nothing but their own style sheet; no other site may frame them (clickjacking),
			// and the address of a sign-in or consent page (with its client and state) is never passed on.
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(
						"default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

}
