package org.careplanfhir.server.security;

import org.careplanfhir.server.web.FhirDocumentationPaths;
import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The FHIR endpoint is an OAuth2 resource server: every request but the CapabilityStatement, SMART
 * discovery and CORS pre-flights carries a bearer token that the {@link JwtDecoder} of the active
 * mode (embedded or external) accepts. What the token may then do is decided per interaction by
 * the scope enforcement inside HAPI.
 */
class FhirEndpointSecurity {

	@Bean
	@Order(RequestPipeline.FHIR_ENDPOINT_CHAIN)
	SecurityFilterChain fhirEndpoint(HttpSecurity http, JwtDecoder tokens, AllowedOrigins origins) throws Exception {
		BearerTokenProblems problems = new BearerTokenProblems(origins);
		// Path patterns, not MVC matchers: /fhir is HAPI's servlet, not Spring MVC's.
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(paths.matcher("/fhir/**"))
			.authorizeHttpRequests(requests -> requests.requestMatchers(paths.matcher(HttpMethod.OPTIONS, "/fhir/**"))
				.permitAll()
				.requestMatchers(paths.matcher(HttpMethod.GET, "/fhir/metadata"),
						paths.matcher(HttpMethod.GET, "/fhir/.well-known/smart-configuration"),
						paths.matcher(HttpMethod.GET, FhirDocumentationPaths.API_DOCS),
						paths.matcher(HttpMethod.GET, FhirDocumentationPaths.SWAGGER_UI + "**"))
				.permitAll()
				.anyRequest()
				.authenticated())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(tokens))
				.bearerTokenResolver(new BearerTokenHeader())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

}
