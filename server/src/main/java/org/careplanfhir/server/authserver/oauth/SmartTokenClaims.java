package org.careplanfhir.server.authserver.oauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.careplanfhir.server.security.PublicAddress;
import org.careplanfhir.server.authserver.accounts.UserAccounts;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Puts the SMART launch context into tokens. An access token's audience is the FHIR server, and it
 * carries {@code patient}, {@code encounter}, {@code need_patient_banner} and {@code fhirUser} so
 * that the FHIR endpoint (and introspection) can tell whose data it reaches; an ID token carries
 * {@code fhirUser}. Access tokens also name their {@code client_id}. A refreshed token keeps the context of the one it replaces.
 */
class SmartTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String PATIENT = "patient";

	static final String ENCOUNTER = "encounter";

	static final String NEED_PATIENT_BANNER = "need_patient_banner";

	static final String FHIR_USER = "fhirUser";

	static final String CLIENT_ID = "client_id";

	private static final List<String> CARRIED_OVER = List.of(PATIENT, ENCOUNTER, NEED_PATIENT_BANNER, FHIR_USER, "aud");

	private final UserAccounts users;

	private final LaunchContexts launches;

	private final PublicAddress address;

	SmartTokenClaims(UserAccounts users, LaunchContexts launches, PublicAddress address) {
		this.users = users;
		this.launches = launches;
		this.address = address;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		AuthorizationGrantType grant = context.getAuthorizationGrantType();
		String fhirBase = address.fhirBase(SmartAuthorizationPolicy.currentRequest());
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			// RFC 9068: the client a token was issued to, which owns what it starts (bulk exports).
			context.getClaims().claim(CLIENT_ID, context.getRegisteredClient().getClientId());
			if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(grant)) {
				context.getClaims().audience(storable(fhirBase));
			}
			else if (AuthorizationGrantType.REFRESH_TOKEN.equals(grant)) {
				Map<String, Object> previous = context.getAuthorization().getAccessToken().getClaims();
				CARRIED_OVER.stream()
					.filter(previous::containsKey)
					.forEach(claim -> context.getClaims().claim(claim, previous.get(claim)));
			}
			else {
				addLaunchContext(context, fhirBase);
			}
		}
		else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			fhirUser(context.getPrincipal().getName(), fhirBase)
				.ifPresent(user -> context.getClaims().claim(FHIR_USER, user));
		}
	}

	private void addLaunchContext(JwtEncodingContext context, String fhirBase) {
		OAuth2Authorization authorization = context.getAuthorization();
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		Map<String, Object> parameters = request == null ? Map.of() : request.getAdditionalParameters();
		Object audience = parameters.get(SmartAuthorizationPolicy.AUDIENCE);
		context.getClaims().audience(storable(audience == null ? fhirBase : audience.toString()));
		String user = context.getPrincipal().getName();
		Optional<String> fhirUser = users.find(user).map(UserAccounts.Account::fhirUser);
		fhirUser.ifPresent(reference -> context.getClaims().claim(FHIR_USER, reference));
		Object launch = parameters.get(SmartAuthorizationPolicy.LAUNCH);
		if (launch != null) {
			launches.find(launch.toString(), user).ifPresent(found -> {
				claimIfPresent(context, PATIENT, found.patient());
				claimIfPresent(context, ENCOUNTER, found.encounter());
				context.getClaims().claim(NEED_PATIENT_BANNER, found.needPatientBanner());
			});
		}
		else if (fhirUser.filter(reference -> reference.startsWith("Patient/")).isPresent()
				&& wantsPatientContext(context.getAuthorizedScopes())) {
			context.getClaims().claim(PATIENT, fhirUser.get().substring("Patient/".length()));
			context.getClaims().claim(NEED_PATIENT_BANNER, true);
		}
	}

	/** Claims are stored with the authorization, and read back only as allow-listed collection types. */
	private static List<String> storable(String audience) {
		return new ArrayList<>(List.of(audience));
	}

	private Optional<String> fhirUser(String user, String fhirBase) {
		return users.find(user).map(UserAccounts.Account::fhirUser).map(reference -> fhirBase + "/" + reference);
	}

	private static boolean wantsPatientContext(Set<String> scopes) {
		return scopes.contains("launch/patient") || scopes.stream().anyMatch(scope -> scope.startsWith("patient/"));
	}

	private static void claimIfPresent(JwtEncodingContext context, String claim, String value) {
		if (value != null) {
			context.getClaims().claim(claim, value);
		}
	}

}
