package org.careplanfhir.server.authserver.oauth;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.careplanfhir.server.authserver.accounts.UserAccounts;
import org.careplanfhir.server.security.AllowedOrigins;
import org.careplanfhir.server.security.PublicAddress;
import org.careplanfhir.server.security.SecurityProperties;
import org.careplanfhir.server.security.policy.SearchQueryCheck;
import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The authorization server's endpoints ({@code /oauth2/*}, OpenID discovery, JWKS), with the
 * SMART behaviour Spring Authorization Server lacks: pattern scopes, {@code aud}, launch context,
 * the patient picker, POSTed authorization requests, client assertions without {@code client_id}
 * and the SMART token response. Browser apps may call the token and discovery endpoints (CORS).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerEndpoints {

	@Bean
	@Order(RequestPipeline.AUTHORIZATION_SERVER_CHAIN)
	SecurityFilterChain authorizationServer(HttpSecurity http, AuthorizationServerSettings settings,
			PublicAddress address, LaunchContexts launches, UserAccounts users, JdbcTemplate database,
			SecurityProperties properties, AllowedOrigins origins, SearchQueryCheck queries,
			OAuth2AuthorizationService authorizations, ApplicationEventPublisher events) throws Exception {
		SmartAuthorizationPolicy policy = new SmartAuthorizationPolicy(address, launches, queries);
		ClientAssertions assertions = new ClientAssertions(database, address);
		OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponses = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
		tokenResponses.setAccessTokenResponseCustomizer(new SmartTokenResponse(
				StringUtils.hasText(properties.smartStyleUrl()) ? properties.smartStyleUrl() : null, address));
		OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
		http.securityMatcher(server.getEndpointsMatcher())
			.with(server, as -> as
				.authorizationEndpoint(endpoint -> endpoint.consentPage("/oauth2/consent")
					.authenticationProviders(policy::applyToAuthorizationRequests))
				.tokenEndpoint(endpoint -> endpoint.accessTokenResponseHandler(tokenResponses)
					.authenticationProviders(policy::applyToBackendServices))
				.clientAuthentication(clients -> clients.authenticationProviders(assertions::applyTo))
				.tokenIntrospectionEndpoint(endpoint -> endpoint.authenticationProviders(OwnTokensIntrospection::applyTo))
				.oidc(Customizer.withDefaults()))
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			// A person is sent to sign in; a client that failed to authenticate gets an OAuth2 error.
			.exceptionHandling(errors -> errors
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						PathPatternRequestMatcher.withDefaults().matcher(settings.getAuthorizationEndpoint()))
				.defaultAuthenticationEntryPointFor(AuthorizationServerEndpoints::invalidClient, AnyRequestMatcher.INSTANCE))
			.cors(cors -> cors.configurationSource(browserApps(origins)))
			.addFilterBefore(new AuthorizePostAsGet(settings.getAuthorizationEndpoint()),
					AbstractPreAuthenticatedProcessingFilter.class)
			.addFilterBefore(new PatientSelection(settings.getAuthorizationEndpoint(), users),
					AbstractPreAuthenticatedProcessingFilter.class)
			.addFilterBefore(new ClientIdFromAssertion(), AbstractPreAuthenticatedProcessingFilter.class)
			.addFilterBefore(new ConsentDecisions(settings.getAuthorizationEndpoint(), authorizations, events),
					AbstractPreAuthenticatedProcessingFilter.class);
		return http.build();
	}

	private static void invalidClient(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failure) throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setContentType("application/json");
		response.setHeader("Cache-Control", "no-store");
		response.getWriter()
			.write("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
	}

	/** CORS for the endpoints browser apps call; also on the page chain, which answers their pre-flights. */
	static UrlBasedCorsConfigurationSource browserApps(AllowedOrigins origins) {
		CorsConfiguration cors = origins.cors(List.of("GET", "POST", "OPTIONS"),
				List.of("Authorization", "Content-Type", "Accept"));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/oauth2/token", cors);
		source.registerCorsConfiguration("/oauth2/jwks", cors);
		source.registerCorsConfiguration("/oauth2/introspect", cors);
		source.registerCorsConfiguration("/oauth2/revoke", cors);
		source.registerCorsConfiguration("/userinfo", cors);
		source.registerCorsConfiguration("/.well-known/**", cors);
		return source;
	}

}
