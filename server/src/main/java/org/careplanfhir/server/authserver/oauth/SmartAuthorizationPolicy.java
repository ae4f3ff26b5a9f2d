package org.careplanfhir.server.authserver.oauth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.careplanfhir.server.security.PublicAddress;
import org.careplanfhir.server.security.policy.SearchQueryCheck;
import org.careplanfhir.server.security.policy.SmartScope;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.util.StringUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What SMART asks of an authorization request beyond OAuth2: scopes are matched as patterns
 * against the client's registration ({@code patient/*.rs} allows {@code patient/CarePlan.rs}),
 * {@code aud} must name this FHIR server, and a {@code launch} value must be known, unexpired and
 * usable by the signed-in user. Backend services may only ask for {@code system/} scopes.
 */
class SmartAuthorizationPolicy {

	static final String AUDIENCE = "aud";

	static final String LAUNCH = "launch";

	private final PublicAddress address;

	private final LaunchContexts launches;

	private final SearchQueryCheck queries;

	SmartAuthorizationPolicy(PublicAddress address, LaunchContexts launches, SearchQueryCheck queries) {
		this.address = address;
		this.launches = launches;
		this.queries = queries;
	}

	void applyToAuthorizationRequests(List<AuthenticationProvider> providers) {
		providers.stream()
			.filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
			.map(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::cast)
			.forEach(provider -> provider.setAuthenticationValidator(
					OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
						.andThen(this::checkScopes)
						.andThen(this::checkAudience)
						.andThen(this::checkLaunch)));
	}

	void applyToBackendServices(List<AuthenticationProvider> providers) {
		providers.stream()
			.filter(OAuth2ClientCredentialsAuthenticationProvider.class::isInstance)
			.map(OAuth2ClientCredentialsAuthenticationProvider.class::cast)
			.forEach(provider -> provider.setAuthenticationValidator(this::checkBackendScopes));
	}

	private void checkScopes(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		Set<String> registered = context.getRegisteredClient().getScopes();
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		for (String scope : request.getScopes()) {
			if (!SmartScope.allowedBy(registered, scope)) {
				reject(context, OAuth2ErrorCodes.INVALID_SCOPE, "Scope '" + scope + "' is not registered for this client");
			}
			problemWith(scope).ifPresent(problem -> reject(context, OAuth2ErrorCodes.INVALID_SCOPE, problem));
		}
	}

	private void checkAudience(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Object audience = request.getAdditionalParameters().get(AUDIENCE);
		String expected = StringUtils.trimTrailingCharacter(address.fhirBase(currentRequest()), '/');
		if (audience == null || !expected.equals(StringUtils.trimTrailingCharacter(audience.toString(), '/'))) {
			reject(context, OAuth2ErrorCodes.INVALID_REQUEST, "aud must be this FHIR server's base URL, " + expected);
		}
	}

	private void checkLaunch(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Object launch = request.getAdditionalParameters().get(LAUNCH);
		Authentication user = (Authentication) request.getPrincipal();
		if (launch == null || user == null || !user.isAuthenticated()
				|| user.getClass().getSimpleName().startsWith("Anonymous")) {
			return;
		}
		if (launches.find(launch.toString(), user.getName()).isEmpty()) {
			reject(context, OAuth2ErrorCodes.INVALID_REQUEST, "The launch value is unknown, expired or not yours");
		}
	}

	private void checkBackendScopes(OAuth2ClientCredentialsAuthenticationContext context) {
		Set<String> registered = context.getRegisteredClient().getScopes();
		OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
		if (request.getScopes().isEmpty()) {
			throw invalidScope("A backend service must ask for its system/ scopes (scope is missing or empty)");
		}
		for (String scope : request.getScopes()) {
			if (!scope.startsWith("system/") || !SmartScope.allowedBy(registered, scope)) {
				throw invalidScope("Scope '" + scope + "' is not a system scope registered for this client");
			}
			problemWith(scope).ifPresent(problem -> {
				throw invalidScope(problem);
			});
		}
	}

	/**
	 * What makes a resource scope unusable although the registration covers it: a type this server
	 * does not have ({@code system/UnknownResource.read} is covered by {@code system/*.read}), or a
	 * granular filter no search understands.
	 */
	private Optional<String> problemWith(String scope) {
		Optional<SmartScope> parsed = SmartScope.parse(scope);
		if (parsed.isEmpty()) {
			return Optional.empty();
		}
		String type = parsed.get().resourceType();
		if (!SmartScope.ANY_TYPE.equals(type) && !queries.isResourceType(type)) {
			return Optional.of("Scope '" + scope + "': '" + type + "' is not a resource type of this server");
		}
		if (parsed.get().filter() != null) {
			if (SmartScope.ANY_TYPE.equals(type)) {
				return Optional.of("Scope '" + scope + "': a filter needs a resource type, not *");
			}
			return queries.problemWith(type, parsed.get().filter()).map(problem -> "Scope '" + scope + "': " + problem);
		}
		return Optional.empty();
	}

	private static OAuth2AuthenticationException invalidScope(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, description, null));
	}

	/** Fails the request with the error sent back to the (already verified) redirect URI. */
	private static void reject(OAuth2AuthorizationCodeRequestAuthenticationContext context, String code,
			String description) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		String redirectUri = StringUtils.hasText(request.getRedirectUri()) ? request.getRedirectUri()
				: context.getRegisteredClient().getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
				redirectUri, request.getState(), request.getScopes(), Map.copyOf(request.getAdditionalParameters()));
		result.setAuthenticated(true);
		throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, description, null),
				result);
	}

	static HttpServletRequest currentRequest() {
		return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
	}

}
