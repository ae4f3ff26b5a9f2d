package org.careplanfhir.server.authserver.oauth;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Token introspection answers a client about its own tokens only: any other token is reported
 * inactive, as RFC 7662 allows, so that one app cannot learn who uses another app and with what
 * scopes. A resource server that must introspect every token is registered as a client with the
 * {@value #INTROSPECT_ANY} scope.
 */
final class OwnTokensIntrospection implements AuthenticationProvider {

	static final String INTROSPECT_ANY = "introspect";

	private final AuthenticationProvider introspection;

	private OwnTokensIntrospection(AuthenticationProvider introspection) {
		this.introspection = introspection;
	}

	static void applyTo(List<AuthenticationProvider> providers) {
		providers.replaceAll(provider -> provider instanceof OAuth2TokenIntrospectionAuthenticationProvider
				? new OwnTokensIntrospection(provider) : provider);
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2TokenIntrospectionAuthenticationToken answer = (OAuth2TokenIntrospectionAuthenticationToken) introspection
			.authenticate(authentication);
		if (answer == null || !answer.getTokenClaims().isActive()
				|| !(answer.getPrincipal() instanceof OAuth2ClientAuthenticationToken caller)) {
			return answer;
		}
		RegisteredClient client = caller.getRegisteredClient();
		boolean own = client != null && client.getClientId().equals(answer.getTokenClaims().getClientId());
		boolean mayIntrospectAny = client != null && client.getScopes().contains(INTROSPECT_ANY);
		if (own || mayIntrospectAny) {
			return answer;
		}
		return new OAuth2TokenIntrospectionAuthenticationToken(answer.getToken(), caller,
				OAuth2TokenIntrospection.builder().build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return introspection.supports(authentication);
	}

}
