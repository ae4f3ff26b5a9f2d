package org.careplanfhir.server.authserver.oauth;

import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * A refresh token only for an app granted {@code offline_access} or {@code online_access}, as SMART
 * specifies. A refresh rotates the token even when it narrows the scope: the grant was given.
 */
class OfflineRefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private static final Set<String> REFRESH_SCOPES = Set.of("offline_access", "online_access");

	private final OAuth2RefreshTokenGenerator refreshTokens = new OAuth2RefreshTokenGenerator();

	@Override
	public OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (!AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())
				&& context.getAuthorizedScopes().stream().noneMatch(REFRESH_SCOPES::contains)) {
			return null;
		}
		return refreshTokens.generate(context);
	}

}
