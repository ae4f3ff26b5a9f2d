package org.careplanfhir.server.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.util.StringUtils;

/**
 * Tokens from Keycloak, Okta, Entra or any OpenID provider: signatures checked against its key set
 * (from {@code jwk-set-uri}, or discovered from {@code issuer-uri} on first use, so that the
 * server starts while the provider is down), issuer, expiry and audience checked (the configured
 * {@code careplan.security.audience}, or else this server's FHIR base). The embedded
 * authorization server is off in this mode.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSecurityMode(SecurityProperties.Mode.EXTERNAL)
@Import(ProtectedFhirEndpoint.class)
class ExternalIdentityProvider {

	@Bean
	JwtDecoder externalTokens(SecurityProperties properties, PublicAddress address) {
		NimbusJwtDecoder decoder = StringUtils.hasText(properties.jwkSetUri())
				? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
					.jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256,
							SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.ES256,
							SignatureAlgorithm.ES384)))
					.build()
				: NimbusJwtDecoder.withIssuerLocation(properties.issuerUri()).build();
		List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
		// The default validators with an issuer include the expiry check; without one, it stands alone.
		checks.add(StringUtils.hasText(properties.issuerUri())
				? JwtValidators.createDefaultWithIssuer(properties.issuerUri()) : new JwtTimestampValidator());
		// Without a configured audience the token must name this FHIR server, as SMART's aud does.
		String audience = StringUtils.hasText(properties.audience()) ? properties.audience() : address.configuredFhirBase();
		checks.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
				audiences -> audiences != null && audiences.contains(audience)));
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(checks));
		return decoder;
	}

}
