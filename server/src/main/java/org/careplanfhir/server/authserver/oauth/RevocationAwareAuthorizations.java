package org.careplanfhir.server.authserver.oauth;

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

	RevocationAwareAuthorizations(OAuth2AuthorizationService store, RevocationAwareTokens tokens) {
		this.store = store;
		this.tokens = tokens;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		// Only a refresh replaces the access token of an existing authorization, and a refresh needs a
		// refresh token: only then is the token it replaces read back.
		OAuth2Authorization before = authorization.getRefreshToken() != null ? store.findById(authorization.getId())
				: null;
		store.save(authorization);
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		if (access != null && access.isInvalidated()) {
			tokens.revoked(access.getToken().getTokenValue());
		}
		if (before != null && before.getAccessToken() != null) {
			String previous = before.getAccessToken().getToken().getTokenValue();
			if (access == null || !previous.equals(access.getToken().getTokenValue())) {
				tokens.revoked(previous);
			}
		}
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
