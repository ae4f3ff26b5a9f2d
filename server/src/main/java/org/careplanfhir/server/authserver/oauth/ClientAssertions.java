package org.careplanfhir.server.authserver.oauth;

import java.net.MalformedURLException;
import java.net.URI;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.careplanfhir.server.security.PublicAddress;
import org.careplanfhir.server.authserver.accounts.ClientRegistrations;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
 * Checks a {@code private_key_jwt} client assertion as SMART Backend Services asks: signed RS384
 * or ES384 by a key from the client's inline key set or key set URL (a {@code jku} header, if
 * any, must be that URL); {@code iss} and {@code sub}
 * both the client id; {@code aud} the token endpoint; an {@code exp} at most five minutes ahead;
 * a {@code jti} never seen before from that client.
 */
class ClientAssertions implements JwtDecoderFactory<RegisteredClient> {

	private static final Duration LONGEST_LIFETIME = Duration.ofMinutes(5);

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);

	private final JdbcTemplate database;

	private final PublicAddress address;

	/**
	 * Key sources by client and key registration, kept between token requests so that a key set
	 * URL is fetched once and then refreshed by its own cache rather than on every request.
	 */
	private final Map<List<String>, JWKSource<SecurityContext>> keySets = new ConcurrentHashMap<>();

	ClientAssertions(JdbcTemplate database, PublicAddress address) {
		this.database = database;
		this.address = address;
	}

	void applyTo(List<AuthenticationProvider> providers) {
		providers.stream()
			.filter(JwtClientAssertionAuthenticationProvider.class::isInstance)
			.map(JwtClientAssertionAuthenticationProvider.class::cast)
			.forEach(provider -> provider.setJwtDecoderFactory(this));
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keySetOf(client)));
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		String tokenEndpoint = address.issuer(SmartAuthorizationPolicy.currentRequest()) + "/oauth2/token";
		String registeredKeySet = client.getClientSettings().getJwkSetUrl();
		decoder.setJwtValidator(assertion -> check(client.getClientId(), tokenEndpoint, registeredKeySet, assertion));
		return decoder;
	}

	private OAuth2TokenValidatorResult check(String clientId, String tokenEndpoint, String registeredKeySet,
			Jwt assertion) {
		Instant now = Instant.now();
		Object keySetHeader = assertion.getHeaders().get("jku");
		if (keySetHeader != null && !keySetHeader.toString().equals(registeredKeySet)) {
			// SMART: a jku other than the key set URL registered for the client fails verification.
			return failure("jku must be the key set URL registered for this client, or be left out");
		}
		if (!clientId.equals(assertion.getClaimAsString("iss")) || !clientId.equals(assertion.getSubject())) {
			return failure("iss and sub must both be the client id");
		}
		if (assertion.getAudience() == null || !assertion.getAudience().contains(tokenEndpoint)) {
			return failure("aud must be the token endpoint, " + tokenEndpoint);
		}
		Instant expiry = assertion.getExpiresAt();
		if (expiry == null || expiry.isBefore(now.minus(CLOCK_SKEW))
				|| expiry.isAfter(now.plus(LONGEST_LIFETIME).plus(CLOCK_SKEW))) {
			return failure("exp must be in the future and at most five minutes away");
		}
		if (!StringUtils.hasText(assertion.getId())) {
			return failure("jti is required");
		}
		try {
			database.update("DELETE FROM careplan_client_assertion WHERE expires_at < now()");
			database.update("INSERT INTO careplan_client_assertion (jti, client_id, expires_at) VALUES (?, ?, ?)",
					assertion.getId(), clientId, Timestamp.from(expiry.plus(CLOCK_SKEW)));
		}
		catch (DuplicateKeyException replayed) {
			return failure("this jti has been used already");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private JWKSource<SecurityContext> keySetOf(RegisteredClient client) {
		String inline = client.getClientSettings().getSetting(ClientRegistrations.INLINE_JWKS);
		List<String> registration = List.of(client.getClientId(), String.valueOf(inline),
				String.valueOf(client.getClientSettings().getJwkSetUrl()));
		return keySets.computeIfAbsent(registration, key -> keysOf(client));
	}

	private static JWKSource<SecurityContext> keysOf(RegisteredClient client) {
		String inline = client.getClientSettings().getSetting(ClientRegistrations.INLINE_JWKS);
		try {
			if (StringUtils.hasText(inline)) {
				return new ImmutableJWKSet<>(JWKSet.parse(inline));
			}
			return JWKSourceBuilder.create(URI.create(client.getClientSettings().getJwkSetUrl()).toURL()).build();
		}
		catch (ParseException | MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalStateException("Client " + client.getClientId() + " has no usable key set", ex);
		}
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client", description, null));
	}

}
