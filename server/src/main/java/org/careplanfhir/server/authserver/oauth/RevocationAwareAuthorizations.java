package org.careplanfhir.server.authserver.oauth;

import java.util.List;
import java.util.Map;

import org.careplanfhir.server.web.AuditableActivity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The authorization store, telling the FHIR endpoint's token check when an access token stops
 * being valid: revoked (directly, or through its refresh token) or removed.
 */
class RevocationAwareAuthorizations implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService store;

	private final RevocationAwareTokens tokens;

	private final ApplicationEventPublisher events;

	RevocationAwareAuthorizations(OAuth2AuthorizationService store, RevocationAwareTokens tokens,
			ApplicationEventPublisher events) {
		this.store = store;
		this.tokens = tokens;
		this.events = events;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		// Read back only when the authorization holds a token: whether it is new, refreshed or revoked
		// is told by the stored one it replaces.
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		OAuth2Authorization before = access != null || authorization.getRefreshToken() != null
				? store.findById(authorization.getId()) : null;
		OAuth2Authorization.Token<OAuth2AccessToken> previous = before == null ? null : before.getAccessToken();
		store.save(authorization);
		if (access != null && access.isInvalidated()) {
			tokens.revoked(access.getToken().getTokenValue());
			if (previous == null || !previous.isInvalidated()) {
				announce(AuditableActivity.Kind.TOKEN_REVOKED, authorization, access);
			}
		}
		if (previous != null) {
			String replaced = previous.getToken().getTokenValue();
			if (access == null || !replaced.equals(access.getToken().getTokenValue())) {
				tokens.revoked(replaced);
			}
		}
		if (access != null && !access.isInvalidated()
				&& (previous == null || !previous.getToken().getTokenValue().equals(access.getToken().getTokenValue()))) {
			announce(previous == null ? AuditableActivity.Kind.TOKEN_ISSUED : AuditableActivity.Kind.TOKEN_REFRESHED,
					authorization, access);
		}
	}

	/** Tells the audit trail, naming the user, app, patient and scopes the token carries. */
	private void announce(AuditableActivity.Kind kind, OAuth2Authorization authorization,
			OAuth2Authorization.Token<OAuth2AccessToken> access) {
		Map<String, Object> claims = access.getClaims() == null ? Map.of() : access.getClaims();
		Object fhirUser = claims.get(SmartTokenClaims.FHIR_USER);
		Object client = claims.get(SmartTokenClaims.CLIENT_ID);
		Object patient = claims.get(SmartTokenClaims.PATIENT);
		String clientId = client != null ? client.toString() : null;
		// A backend service's authorization is in its own name: no person is behind it.
		String principal = authorization.getPrincipalName().equals(clientId) ? null : authorization.getPrincipalName();
		String user = fhirUser != null ? relative(fhirUser.toString()) : principal;
		events.publishEvent(new AuditableActivity(kind, true,
				"scope: " + String.join(" ", access.getToken().getScopes()), user, clientId,
				patient == null ? null : patient.toString(), List.of()));
	}

	private static String relative(String fhirUser) {
		String[] parts = fhirUser.split("/");
		return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : fhirUser;
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		store.remove(authorization);
		if (authorization.getAccessToken() != null) {
			tokens.revoked(authorization.getAccessToken().getToken().getTokenValue());
		}
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return store.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return store.findByToken(token, tokenType);
	}

}
