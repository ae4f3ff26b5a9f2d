package org.careplanfhir.server.security.policy;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.careplanfhir.server.security.policy.SmartScope.Context;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * What one request's token allows: its resource scopes and the patients its {@code patient/} and
 * {@code user/} scopes are confined to.
 */
public final class FhirAccess {

	private final List<SmartScope> scopes;

	private final String patientId;

	private final Supplier<Set<String>> caseload;

	private final String clientId;

	private final CallerGrant grant;

	private final Supplier<Set<String>> identities;

	private Set<String> userPatients;

	private Set<String> userIdentities;

	FhirAccess(List<SmartScope> scopes, String patientId, Supplier<Set<String>> caseload, String clientId,
			CallerGrant grant, Supplier<Set<String>> identities) {
		this.scopes = List.copyOf(scopes);
		this.patientId = patientId;
		this.caseload = caseload;
		this.clientId = clientId;
		this.grant = grant;
		this.identities = identities;
	}

	/**
	 * Whether the token's user acts as what this reference names ({@code Organization/7}): themself,
	 * one of their roles, or a role's organization. Read when first asked.
	 */
	public boolean actsAs(String reference) {
		return reference != null && identities().contains(reference);
	}

	/** Whom the token's user acts as: themself, their roles, the roles' organizations; empty without a user. */
	public Set<String> identities() {
		if (grant.fhirUser() == null) {
			return Set.of();
		}
		if (userIdentities == null) {
			userIdentities = identities.get();
		}
		return userIdentities;
	}

	/**
	 * What the token grants, in values that can be kept and turned back into the same access later
	 * ({@link FhirAccessResolver#actingAs}): for a subscription, which hears of changes with the
	 * rights its creator had.
	 */
	public CallerGrant grant() {
		return grant;
	}

	/** The user the token acts for ({@code Practitioner/123}), or null for a backend or an anonymous caller. */
	public String fhirUser() {
		return grant.fhirUser();
	}

	/** The client every caller is when security is off: no one is authenticated. */
	public static final String ANONYMOUS = "anonymous";

	/** Whether a token named the caller: a client (and maybe a user), not the anonymous caller of security off. */
	public boolean authenticated() {
		return clientId != null && !ANONYMOUS.equals(clientId);
	}

	/** The client the token was issued to, or null when the token does not say. */
	public String clientId() {
		return clientId;
	}

	/** Whether some {@code system/} scope grants this interaction on every type, unfiltered. */
	public boolean grantsEverything(Permission permission) {
		return scopes.stream()
			.anyMatch(scope -> scope.context() == Context.SYSTEM && scope.filter() == null
					&& scope.grants(SmartScope.ANY_TYPE, permission));
	}

	/** Whether the token has any {@code system/} scope, as SMART Backend Services tokens do. */
	public boolean isBackendService() {
		return scopes.stream().anyMatch(scope -> scope.context() == Context.SYSTEM);
	}

	public List<SmartScope> scopes() {
		return scopes;
	}

	/** Whether any scope grants this interaction on this type, in whatever context. */
	public boolean grants(String type, Permission permission) {
		return scopes.stream().anyMatch(scope -> scope.grants(type, permission));
	}

	/** Whether a {@code system/} scope grants this interaction on this type, on every patient's data. */
	public boolean grantsUnconfined(String type, Permission permission) {
		return scopes.stream()
			.anyMatch(scope -> scope.context() == Context.SYSTEM && scope.grants(type, permission));
	}

	/**
	 * The ids of the patients a scope of this context reaches: the launch patient, or the user's
	 * caseload; null for {@code system/}, which is not confined.
	 */
	public Set<String> patientsOf(Context context) {
		return switch (context) {
			case SYSTEM -> null;
			case PATIENT -> patientId == null ? Set.of() : Set.of(patientId);
			case USER -> {
				if (userPatients == null) {
					userPatients = caseload.get();
				}
				yield userPatients;
			}
		};
	}

	/** The patients of every confined scope that grants this interaction on this type. */
	public Set<String> confinedPatients(String type, Permission permission) {
		return patientsOfConfined(scope -> scope.grants(type, permission));
	}

	/** The patients of every confined scope, whatever it grants: whose records the token may touch at all. */
	public Set<String> confinedPatients() {
		return patientsOfConfined(scope -> true);
	}

	private Set<String> patientsOfConfined(Predicate<SmartScope> which) {
		Set<String> patients = new LinkedHashSet<>();
		scopes.stream()
			.filter(scope -> scope.context() != Context.SYSTEM && which.test(scope))
			.map(SmartScope::context)
			.distinct()
			.map(this::patientsOf)
			.forEach(patients::addAll);
		return patients;
	}

	/** Whether a {@code system/} scope grants anything on this type. */
	public boolean touchesEveryRecordOf(String type) {
		return Stream.of(Permission.values()).anyMatch(permission -> grantsUnconfined(type, permission));
	}

	/** The granular filters of the scopes granting this interaction, or empty when one grants it unfiltered. */
	public List<String> filtersOn(String type, Permission permission) {
		return filtersOf(scopes.stream(), type, permission);
	}

	/** The same for the {@code system/} scopes only: what an unconfined read of this type is narrowed to. */
	public List<String> unconfinedFiltersOn(String type, Permission permission) {
		return filtersOf(scopes.stream().filter(scope -> scope.context() == Context.SYSTEM), type, permission);
	}

	private static List<String> filtersOf(Stream<SmartScope> candidates, String type, Permission permission) {
		List<SmartScope> granting = candidates.filter(scope -> scope.grants(type, permission)).toList();
		if (granting.stream().anyMatch(scope -> scope.filter() == null)) {
			return List.of();
		}
		return granting.stream().map(SmartScope::filter).distinct().toList();
	}

	/** From a token's scope values; unknown scopes are ignored, the caseload is read when first needed. */
	public static FhirAccess of(Collection<String> scopeValues, String patientId, Supplier<Set<String>> caseload,
			String clientId) {
		return of(new CallerGrant(List.copyOf(scopeValues), patientId, null, clientId), caseload, Set::of);
	}

	static FhirAccess of(CallerGrant grant, Supplier<Set<String>> caseload, Supplier<Set<String>> identities) {
		return new FhirAccess(grant.scopes().stream().flatMap(scope -> SmartScope.parse(scope).stream()).toList(),
				grant.patient(), caseload, grant.clientId(), grant, identities);
	}

}
