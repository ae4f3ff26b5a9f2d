package org.careplanfhir.server.authserver.oauth;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.careplanfhir.server.authserver.SecuritySchema;
import org.careplanfhir.server.authserver.SignInProperties;
import org.careplanfhir.server.authserver.accounts.UserAccounts;
import org.careplanfhir.server.cluster.ClusterMode;
import org.careplanfhir.server.security.Caseload;
import org.careplanfhir.server.security.PublicAddress;
import org.careplanfhir.server.security.SecurityProperties;
import org.careplanfhir.server.storage.DataDirectoryProperties;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The embedded SMART authorization server's state and token making: clients, authorizations and
 * consents in PostgreSQL, keys on disk, SMART claims in every token. Its HTTP side is in
 * {@link AuthorizationServerEndpoints}.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	@Bean
	JWKSource<SecurityContext> signingKeys(SecurityProperties properties, DataDirectoryProperties dataDirectory,
			ClusterMode cluster, SecuritySchema schema, JdbcTemplate database) {
		return new ImmutableJWKSet<>(SigningKeys.load(properties, dataDirectory, cluster, database));
	}

	@Bean
	RegisteredClientRepository registeredClients(SecuritySchema schema, JdbcTemplate database) {
		return new JdbcRegisteredClientRepository(database);
	}

	@Bean
	OAuth2AuthorizationService authorizations(SecuritySchema schema, JdbcTemplate database,
			RegisteredClientRepository clients, RevocationAwareTokens fhirAccessTokens, ApplicationEventPublisher events) {
		return new RevocationAwareAuthorizations(new JdbcOAuth2AuthorizationService(database, clients),
				fhirAccessTokens, events);
	}

	@Bean
	OAuth2AuthorizationConsentService consents(SecuritySchema schema, JdbcTemplate database,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(database, clients);
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(PublicAddress address) {
		AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
		if (address.configuredIssuer() != null) {
			settings.issuer(address.configuredIssuer());
		}
		return settings.build();
	}

	/** The FHIR endpoint's view of tokens: signed by these keys, and still active in the store. */
	@Bean
	RevocationAwareTokens fhirAccessTokens(JWKSource<SecurityContext> keys, SecuritySchema schema,
			JdbcTemplate database, SecurityProperties properties, PublicAddress address) {
		NimbusJwtDecoder signatures = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
		signatures.setJwtValidator(TokenAudience.issuedHereFor(address));
		return new RevocationAwareTokens(signatures, database, properties.tokenRecheckInterval());
	}

	@Bean
	LaunchContexts launchContexts(SecuritySchema schema, JdbcTemplate database) {
		return new LaunchContexts(database);
	}

	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(JWKSource<SecurityContext> keys, UserAccounts users,
			LaunchContexts launches, PublicAddress address) {
		JwtGenerator tokens = new JwtGenerator(new NimbusJwtEncoder(keys));
		tokens.setJwtCustomizer(new SmartTokenClaims(users, launches, address));
		return new DelegatingOAuth2TokenGenerator(tokens, new OfflineRefreshTokens());
	}

	@Bean
	SignInThrottle signInThrottle(SignInProperties properties, SecuritySchema schema, JdbcTemplate database) {
		return new SignInThrottle(properties, database);
	}

	/** Passwords of accounts, for the sign-in page and the admin API, behind the throttle. */
	@Bean
	AuthenticationProvider accountPasswords(UserAccounts users, PasswordEncoder passwords, SignInThrottle throttle,
			ApplicationEventPublisher events) {
		DaoAuthenticationProvider checks = new DaoAuthenticationProvider(users);
		checks.setPasswordEncoder(passwords);
		return new ThrottledSignIn(checks, throttle, events);
	}

	@Bean
	PatientChoices patientChoices(DaoRegistry daos, Caseload caseload) {
		return new PatientChoices(daos, caseload);
	}

}
