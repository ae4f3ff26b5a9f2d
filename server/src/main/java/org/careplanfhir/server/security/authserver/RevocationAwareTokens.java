package org.careplanfhir.server.security.authserver;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Accepts an access token only while the authorization server still holds it as active: a
 * self-contained JWT would otherwise keep working after revocation until it expires. One indexed
 * look-up per request.
 */
class RevocationAwareTokens implements JwtDecoder {

	private final JwtDecoder signatures;

	private final OAuth2AuthorizationService authorizations;

	RevocationAwareTokens(JwtDecoder signatures, OAuth2AuthorizationService authorizations) {
		this.signatures = signatures;
		this.authorizations = authorizations;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt jwt = signatures.decode(token);
		OAuth2Authorization authorization = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
		if (authorization == null || authorization.getAccessToken() == null
				|| !authorization.getAccessToken().isActive()) {
			throw new BadJwtException("The access token has been revoked");
		}
		return jwt;
	}

}
