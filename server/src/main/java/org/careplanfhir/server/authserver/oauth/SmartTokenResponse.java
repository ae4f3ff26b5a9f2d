package org.careplanfhir.server.authserver.oauth;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.careplanfhir.server.security.PublicAddress;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;

/**
 * Adds the launch context to the token response, where SMART apps read it: {@code patient},
 * {@code encounter}, {@code need_patient_banner} and {@code smart_style_url}. The values are the
 * ones just signed into the access token.
 */
class SmartTokenResponse implements Consumer<OAuth2AccessTokenAuthenticationContext> {

	private final String configuredStyleUrl;

	private final PublicAddress address;

	/** @param configuredStyleUrl the operator's style sheet, or null for the server's own */
	SmartTokenResponse(String configuredStyleUrl, PublicAddress address) {
		this.configuredStyleUrl = configuredStyleUrl;
		this.address = address;
	}

	@Override
	public void accept(OAuth2AccessTokenAuthenticationContext context) {
		OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
		JWTClaimsSet claims = claimsOf(issued.getAccessToken().getTokenValue());
		Map<String, Object> parameters = new LinkedHashMap<>(issued.getAdditionalParameters());
		copy(claims, SmartTokenClaims.PATIENT, parameters);
		copy(claims, SmartTokenClaims.ENCOUNTER, parameters);
		copy(claims, SmartTokenClaims.NEED_PATIENT_BANNER, parameters);
		if (claims.getClaim(SmartTokenClaims.PATIENT) != null) {
			parameters.put("smart_style_url", configuredStyleUrl != null ? configuredStyleUrl
					: address.issuer(SmartAuthorizationPolicy.currentRequest()) + "/smart/style.json");
		}
		context.getAccessTokenResponse().additionalParameters(parameters);
	}

	private static void copy(JWTClaimsSet claims, String name, Map<String, Object> parameters) {
		Object value = claims.getClaim(name);
		if (value != null) {
			parameters.put(name, value);
		}
	}

	private static JWTClaimsSet claimsOf(String token) {
		try {
			return SignedJWT.parse(token).getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The server's own access token cannot be read", ex);
		}
	}

}
