package org.careplanfhir.server.security;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the FHIR endpoint, and how they prove it.
 *
 * @param enabled {@code false} serves every request without authorization: for local exploration
 * only
 * @param issuerUri an external identity provider's issuer (Keycloak, Okta, Entra): its tokens are
 * accepted and the embedded authorization server is switched off
 * @param jwkSetUri the external provider's key set, when it cannot be discovered from the issuer
 * @param audience with an external provider, the {@code aud} its tokens must carry (this server's
 * FHIR base URL, or the resource's name in the provider); empty = not checked
 * @param authorizationEndpoint the external provider's authorization endpoint, published in SMART
 * discovery
 * @param tokenEndpoint the external provider's token endpoint, published in SMART discovery
 * @param signingKeys a JSON Web Key Set file holding the embedded server's signing keys; empty =
 * {@code <data-dir>/security/signing-keys.json}, created on first start
 * @param accessTokenLifetime how long an app's access token lives
 * @param backendTokenLifetime how long a backend service's (client credentials) token lives
 * @param refreshTokenLifetime how long a refresh token ({@code offline_access}) lives
 * @param smartStyleUrl the {@code smart_style_url} given to apps; empty = the server's own
 * @param tokenRecheckInterval how long the FHIR endpoint trusts an access token it has checked
 * against the authorization store before checking again; a revocation on this server takes
 * effect at once, one made through another server sharing the database within this interval
 * @param clients apps registered at start-up (and kept in step with this list on every start)
 * @param users accounts created at start-up
 */
@Validated
@ConfigurationProperties("careplan.security")
public record SecurityProperties(@DefaultValue("true") boolean enabled, String issuerUri, String jwkSetUri,
		String audience,
		String authorizationEndpoint, String tokenEndpoint, String signingKeys,
		@NotNull @DefaultValue("60m") Duration accessTokenLifetime,
		@NotNull @DefaultValue("5m") Duration backendTokenLifetime,
		@NotNull @DefaultValue("30d") Duration refreshTokenLifetime, String smartStyleUrl,
		@NotNull @DefaultValue("30s") Duration tokenRecheckInterval,
		@Valid @DefaultValue List<Client> clients, @Valid @DefaultValue List<User> users) {

	/** Tokens come from another identity provider rather than the embedded authorization server. */
	public boolean externalIdentityProvider() {
		return mode() == Mode.EXTERNAL;
	}

	/** Who issues the tokens the FHIR endpoint accepts, decided by these settings alone. */
	public Mode mode() {
		return modeOf(enabled, issuerUri, jwkSetUri);
	}

	static Mode modeOf(boolean enabled, String issuerUri, String jwkSetUri) {
		if (!enabled) {
			return Mode.OFF;
		}
		return StringUtils.hasText(issuerUri) || StringUtils.hasText(jwkSetUri) ? Mode.EXTERNAL : Mode.EMBEDDED;
	}

	/** The three ways the server can run; each has one entry configuration that wires it. */
	public enum Mode {

		/** The embedded SMART authorization server issues the tokens (the default). */
		EMBEDDED,
		/** An external OpenID provider (Keycloak, Okta, Entra) issues them; {@code issuer-uri} or {@code jwk-set-uri} is set. */
		EXTERNAL,
		/** {@code enabled=false}: no tokens, everyone may do everything. */
		OFF

	}

	/**
	 * An app allowed to ask for tokens.
	 *
	 * @param clientId its {@code client_id}
	 * @param name shown on the consent page; empty = the client id
	 * @param authMethod how it authenticates at the token endpoint
	 * @param secret its secret, for {@code client_secret_basic} (plain, or encoded as
	 * {@code {bcrypt}...})
	 * @param redirectUris where codes may be sent; none = a backend service (client credentials)
	 * @param scopes the scopes it may ask for; SMART resource scopes are patterns, so
	 * {@code patient/*.rs} allows {@code patient/CarePlan.rs?category=...}
	 * @param jwks its public keys as an inline JSON Web Key Set, for {@code private_key_jwt}
	 * @param jwksUri where its public keys are served, for {@code private_key_jwt}
	 * @param payer the payer this client acts for ({@code Organization/[id]}): its {@code system/}
	 * scopes then reach only that payer's members (the beneficiaries of its active Coverages), its
	 * attribution Groups and its MeasureReports; empty = not bound to a payer
	 */
	public record Client(@NotBlank String clientId, String name, @NotNull @DefaultValue("none") AuthMethod authMethod,
			String secret, @DefaultValue List<String> redirectUris, @DefaultValue List<String> scopes, String jwks,
			String jwksUri, String payer) {
	}

	/** How a client proves its identity at the token endpoint. */
	public enum AuthMethod {

		/** A public app (in a browser or on a phone): PKCE only. */
		NONE,
		/** A confidential app with a shared secret (SMART "confidential symmetric"). */
		CLIENT_SECRET_BASIC,
		/** A confidential app or backend service signing a JWT with its private key (SMART "asymmetric"). */
		PRIVATE_KEY_JWT

	}

	/**
	 * A person who logs in on the authorization server's page.
	 *
	 * @param username the login name
	 * @param password plain, or encoded as {@code {bcrypt}...}
	 * @param fhirUser the Practitioner, Patient or RelatedPerson this person is, e.g.
	 * {@code Practitioner/cm-1}
	 * @param admin may manage users and clients, and mint EHR launches
	 */
	public record User(@NotBlank String username, @NotBlank String password, String fhirUser,
			@DefaultValue("false") boolean admin) {
	}

}
