package org.careplanfhir.server.authserver.accounts;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.careplanfhir.server.security.SecurityProperties;
import org.careplanfhir.server.security.SecurityProperties.AuthMethod;
import org.careplanfhir.server.security.SecurityProperties.Client;
import org.careplanfhir.server.web.AccessRulesChanged;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.util.StringUtils;

/**
 * Turns a client as an operator describes it (configuration or the admin API) into a registration
 * of the authorization server: apps with redirect URIs use the authorization code flow with PKCE
 * and consent; confidential clients may also use client credentials (SMART backend services).
 */
public class ClientRegistrations {

	/** Client setting holding an inline JSON Web Key Set for {@code private_key_jwt}. */
	public static final String INLINE_JWKS = "careplan.client.jwks";

	/** Client setting holding the payer ({@code Organization/[id]}) a client is bound to. */
	public static final String PAYER = "careplan.client.payer";

	private final RegisteredClientRepository repository;

	private final JdbcTemplate database;

	private final PasswordEncoder passwords;

	private final SecurityProperties properties;

	private final ApplicationEventPublisher events;

	private final RegisteredPayers payers;

	ClientRegistrations(RegisteredClientRepository repository, JdbcTemplate database, PasswordEncoder passwords,
			SecurityProperties properties, ApplicationEventPublisher events, RegisteredPayers payers) {
		this.payers = payers;
		this.repository = repository;
		this.database = database;
		this.passwords = passwords;
		this.properties = properties;
		this.events = events;
	}

	/** Registers the client, or replaces its registration; its id and issued tokens stay. */
	public RegisteredClient save(Client client) {
		check(client);
		RegisteredClient existing = repository.findByClientId(client.clientId());
		boolean interactive = !client.redirectUris().isEmpty();
		RegisteredClient.Builder registration = RegisteredClient
			.withId(existing == null ? UUID.randomUUID().toString() : existing.getId())
			.clientId(client.clientId())
			.clientName(StringUtils.hasText(client.name()) ? client.name() : client.clientId())
			.scopes(scopes -> scopes.addAll(client.scopes()))
			.redirectUris(uris -> uris.addAll(client.redirectUris()));
		switch (client.authMethod()) {
			case NONE -> registration.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
			case CLIENT_SECRET_BASIC -> registration.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
				.clientSecret(isEncoded(client.secret()) ? client.secret() : passwords.encode(client.secret()));
			case PRIVATE_KEY_JWT -> registration.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		}
		if (interactive) {
			registration.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
		}
		if (client.authMethod() != AuthMethod.NONE) {
			registration.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
		}
		ClientSettings.Builder settings = ClientSettings.builder()
			.requireProofKey(interactive)
			.requireAuthorizationConsent(true)
			.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384);
		if (StringUtils.hasText(client.jwksUri())) {
			settings.jwkSetUrl(client.jwksUri());
		}
		if (StringUtils.hasText(client.jwks())) {
			settings.setting(INLINE_JWKS, client.jwks());
		}
		if (StringUtils.hasText(client.payer())) {
			settings.setting(PAYER, client.payer());
		}
		Duration accessTokens = interactive ? properties.accessTokenLifetime() : properties.backendTokenLifetime();
		registration.clientSettings(settings.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(accessTokens)
				.refreshTokenTimeToLive(properties.refreshTokenLifetime())
				.reuseRefreshTokens(false)
				.build());
		RegisteredClient saved = registration.build();
		repository.save(saved);
		payers.forget(client.clientId());
		events.publishEvent(new AccessRulesChanged("client " + client.clientId() + " registered"));
		return saved;
	}

	public List<Client> all() {
		return database.queryForList("SELECT client_id FROM oauth2_registered_client ORDER BY client_id", String.class)
			.stream()
			.map(repository::findByClientId)
			.map(ClientRegistrations::describe)
			.toList();
	}

	/** Removes the client and every authorization it holds: its tokens stop working at once. */
	public boolean delete(String clientId) {
		RegisteredClient client = repository.findByClientId(clientId);
		if (client == null) {
			return false;
		}
		database.update("DELETE FROM oauth2_authorization WHERE registered_client_id = ?", client.getId());
		database.update("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = ?", client.getId());
		database.update("DELETE FROM oauth2_registered_client WHERE id = ?", client.getId());
		payers.forget(clientId);
		events.publishEvent(new ClientRemoved(clientId));
		events.publishEvent(new AccessRulesChanged("client " + clientId + " removed"));
		return true;
	}

	/** A client and its authorizations are gone; anything holding on to its tokens must let go. */
	public record ClientRemoved(String clientId) {
	}

	/**
	 * A secret given already hashed by a one-way encoder ({@code {bcrypt}…}) is kept as given; anything
	 * else, {@code {noop}…} included, is a plain secret and is hashed.
	 */
	static boolean isEncoded(String secret) {
		return secret.startsWith("{bcrypt}") || secret.startsWith("{argon2}") || secret.startsWith("{pbkdf2}")
				|| secret.startsWith("{scrypt}") || secret.startsWith("{argon2@SpringSecurity_v5_8}")
				|| secret.startsWith("{pbkdf2@SpringSecurity_v5_8}") || secret.startsWith("{scrypt@SpringSecurity_v5_8}");
	}

	private static void check(Client client) {
		ClientInputRules.check(client);
		if (client.authMethod() == AuthMethod.CLIENT_SECRET_BASIC && !StringUtils.hasText(client.secret())) {
			throw new IllegalArgumentException("Client '" + client.clientId() + "': client_secret_basic needs a secret");
		}
		if (client.authMethod() == AuthMethod.PRIVATE_KEY_JWT && !StringUtils.hasText(client.jwks())
				&& !StringUtils.hasText(client.jwksUri())) {
			throw new IllegalArgumentException("Client '" + client.clientId() + "': private_key_jwt needs jwks or jwks-uri");
		}
		if (client.authMethod() == AuthMethod.NONE && client.redirectUris().isEmpty()) {
			throw new IllegalArgumentException(
					"Client '" + client.clientId() + "': a public client needs at least one redirect URI");
		}
		if (client.scopes().isEmpty()) {
			throw new IllegalArgumentException("Client '" + client.clientId() + "': list the scopes it may ask for");
		}
	}

	private static Client describe(RegisteredClient client) {
		ClientAuthenticationMethod method = client.getClientAuthenticationMethods().iterator().next();
		AuthMethod authMethod = ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method) ? AuthMethod.PRIVATE_KEY_JWT
				: ClientAuthenticationMethod.NONE.equals(method) ? AuthMethod.NONE : AuthMethod.CLIENT_SECRET_BASIC;
		return new Client(client.getClientId(), client.getClientName(), authMethod, null,
				List.copyOf(client.getRedirectUris()), List.copyOf(client.getScopes()),
				client.getClientSettings().getSetting(INLINE_JWKS), client.getClientSettings().getJwkSetUrl(),
				client.getClientSettings().getSetting(PAYER));
	}

}
