package org.careplanfhir.server.security.policy;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.IdType;

import org.careplanfhir.server.security.Caseload;
import org.careplanfhir.server.security.SecurityProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Reads a request's {@link FhirAccess} from its bearer token, once per request. Tokens of the
 * embedded server and of external identity providers alike: scopes from {@code scope} (a string or
 * a list) or {@code scp}, the launch patient from {@code patient}, the user from {@code fhirUser}, the
 * client from {@code client_id}.
 */
@Component
public class FhirAccessResolver {

	private static final String REQUEST_KEY = FhirAccess.class.getName();

	/** With security off every caller is one anonymous backend that may do everything. */
	private static final FhirAccess EVERYTHING = FhirAccess.of(List.of("system/*.*"), null, Set::of, FhirAccess.ANONYMOUS);

	private final Caseload caseload;

	private final boolean securityOff;

	private final FhirContext fhirContext;

	private final PayerBinding payers;

	private final ObjectProvider<PayerMembers> members;

	FhirAccessResolver(Caseload caseload, SecurityProperties security, FhirContext fhirContext,
			ObjectProvider<PayerBinding> registeredPayers, ObjectProvider<PayerMembers> members) {
		this.caseload = caseload;
		this.fhirContext = fhirContext;
		this.securityOff = security.mode() == SecurityProperties.Mode.OFF;
		this.payers = registeredPayers.getIfAvailable(() -> configuredPayers(security));
		this.members = members;
	}

	/** Without the embedded authorization server, the clients of the configuration say who is bound to a payer. */
	private static PayerBinding configuredPayers(SecurityProperties security) {
		return clientId -> security.clients().stream()
			.filter(client -> client.clientId().equals(clientId) && client.payer() != null && !client.payer().isBlank())
			.map(SecurityProperties.Client::payer)
			.findFirst();
	}

	public FhirAccess of(RequestDetails request) {
		Object known = request.getUserData().get(REQUEST_KEY);
		if (known instanceof FhirAccess access) {
			return access;
		}
		FhirAccess access = securityOff ? EVERYTHING : fromToken(SecurityContextHolder.getContext().getAuthentication());
		request.getUserData().put(REQUEST_KEY, access);
		return access;
	}

	/**
	 * A request made by the server itself on behalf of a caller it met earlier: whatever checks the
	 * caller's rights on it ({@link CallerRights}) judges with this grant. The caseload of a
	 * {@code user/} grant is read again, as it is now.
	 */
	public RequestDetails actingAs(CallerGrant grant) {
		return actingAs(grant, new SystemRequestDetails());
	}

	/**
	 * The same, for a write the server makes on a caller's behalf through the FHIR endpoint's own
	 * hooks ({@code pipeline}): checked, validated and recorded as if the caller had sent it.
	 */
	public RequestDetails actingAs(CallerGrant grant, IInterceptorBroadcaster pipeline) {
		return actingAs(grant, new SystemRequestDetails(pipeline));
	}

	private RequestDetails actingAs(CallerGrant grant, SystemRequestDetails request) {
		request.setFhirContext(fhirContext);
		request.getUserData().put(REQUEST_KEY, securityOff ? EVERYTHING : accessOf(grant));
		return request;
	}

	/**
	 * The grant of the caller on whose behalf the server made this request ({@link #actingAs});
	 * empty for a client's own request and for the server's own.
	 */
	public static Optional<CallerGrant> actedFor(RequestDetails request) {
		if (request instanceof SystemRequestDetails && request.getUserData().get(REQUEST_KEY) instanceof FhirAccess access) {
			return Optional.of(access.grant());
		}
		return Optional.empty();
	}

	private FhirAccess accessOf(CallerGrant grant) {
		String payer = grant.clientId() == null ? null : payers.payerOf(grant.clientId()).orElse(null);
		return FhirAccess.of(grant, () -> caseload.patientsOf(grant.fhirUser()),
				() -> caseload.identitiesOf(grant.fhirUser()), payer, () -> membersOf(payer));
	}

	/** A payer's members; none when no capability follows coverage, so a payer-bound client then reaches nobody. */
	private Set<String> membersOf(String payer) {
		PayerMembers known = members.getIfAvailable();
		return known == null || payer == null ? Set.of() : known.membersOf(payer);
	}

	private FhirAccess fromToken(Authentication authentication) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return FhirAccess.of(List.of(), null, Set::of, null);
		}
		Jwt jwt = token.getToken();
		String fhirUser = jwt.getClaimAsString("fhirUser");
		String user = fhirUser == null ? null : new IdType(fhirUser).toUnqualifiedVersionless().getValue();
		String patient = jwt.getClaimAsString("patient");
		return accessOf(new CallerGrant(List.copyOf(scopes(jwt)), patient, user, clientIdOf(jwt)));
	}

	/** RFC 9068's {@code client_id}; identity providers without it name the client in {@code azp}, or in {@code sub} for client credentials. */
	public static String clientIdOf(Jwt jwt) {
		for (String claim : List.of("client_id", "azp", "sub")) {
			String value = jwt.getClaimAsString(claim);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	static Collection<String> scopes(Jwt jwt) {
		Object scope = jwt.getClaims().containsKey("scope") ? jwt.getClaims().get("scope") : jwt.getClaims().get("scp");
		if (scope instanceof Collection<?> values) {
			return values.stream().map(String::valueOf).toList();
		}
		return scope == null ? List.of() : Arrays.asList(scope.toString().trim().split("\\s+"));
	}

}
