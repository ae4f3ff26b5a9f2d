/**
 * The embedded authorization server: SMART App Launch and Backend Services (OAuth2 authorization
 * code with PKCE, client credentials with a secret or a signed JWT, refresh, revocation,
 * introspection), the sign-in, patient picker and consent pages, EHR launch, and the accounts and
 * admin API behind them. It issues the tokens; the security module decides what they allow. Off
 * when an external identity provider is configured or security is off
 * ({@link org.careplanfhir.server.authserver.EmbeddedAuthorizationServer}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Authorization server",
		allowedDependencies = { "security", "security :: policy", "storage", "web", "cluster" })
package org.careplanfhir.server.authserver;
