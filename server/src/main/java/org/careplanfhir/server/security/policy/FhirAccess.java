package org.careplanfhir.server.security.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.careplanfhir.server.security.policy.SmartScope.Context;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * What one request's token allows: its resource scopes and the patients its {@code patient/} and
 * {@code user/} scopes are confined to. A client bound to a payer has its {@code system/} scopes
 * confined too, to the payer's members; the payer's own records of the types in
 * {@link #PAYER_RECORDS} (its attribution Groups, its MeasureReports) it reaches through the search
 * parameter that names the payer, not through a patient.
 */
public final class FhirAccess {

	/** The types whose records belong to a payer, and the search parameter naming the payer in each. */
	public static final Map<String, String> PAYER_RECORDS = Map.of("Group", "managing-entity", "MeasureReport", "payer");

	private final List<SmartScope> scopes;

	private final String payer;

	private final Supplier<Set<String>> payerMembers;

	/** A payer-bound client's scopes on its payer's own records: not confined to patients, filtered by the payer. */
	private final Set<SmartScope> payerRecordScopes;

	private Set<String> members;

	private final String patientId;

	private final Supplier<Set<String>> caseload;

	private final String clientId;

	private final CallerGrant grant;

	private final Supplier<Set<String>> identities;

	private Set<String> userPatients;

	private Set<String> userIdentities;

	FhirAccess(List<SmartScope> scopes, String patientId, Supplier<Set<String>> caseload, String clientId,
			CallerGrant grant, Supplier<Set<String>> identities, String payer, Supplier<Set<String>> payerMembers) {
		this.payer = payer;
		this.payerMembers = payerMembers;
		this.payerRecordScopes = payer == null ? Set.of() : payerRecordScopes(scopes, payer);
		List<SmartScope> all = new ArrayList<>(scopes);
		all.addAll(payerRecordScopes);
		this.scopes = List.copyOf(all);
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

	/** The payer the client is bound to ({@code Organization/[id]}), or null. */
	public String payer() {
		return payer;
	}

	/**
	 * Each {@code system/} scope that reaches a payer's own type becomes, for a payer-bound client,
	 * the same scope filtered by the parameter naming the payer.
	 */
	private static Set<SmartScope> payerRecordScopes(List<SmartScope> scopes, String payer) {
		Set<SmartScope> derived = new LinkedHashSet<>();
		for (SmartScope scope : scopes) {
			if (scope.context() != Context.SYSTEM) {
				continue;
			}
			PAYER_RECORDS.forEach((type, parameter) -> {
				if (SmartScope.ANY_TYPE.equals(scope.resourceType()) || type.equals(scope.resourceType())) {
					String own = parameter + "=" + payer;
					derived.add(new SmartScope(Context.SYSTEM, type, scope.permissions(),
							scope.filter() == null ? own : scope.filter() + "&" + own));
				}
			});
		}
		return derived;
	}

	/**
	 * Whether the scope's grant is held to a set of patients: a {@code patient/} or {@code user/}
	 * scope, or a payer-bound client's {@code system/} scope, other than on the payer's own records.
	 */
	public boolean confines(SmartScope scope) {
		return scope.context() != Context.SYSTEM || (payer != null && !payerRecordScopes.contains(scope));
	}

	/**
	 * Whether the scope grants this interaction on this type for this token: a payer-bound client's
	 * own scopes do not reach the payer's own types, which only the derived filtered scopes reach.
	 */
	private boolean reaches(SmartScope scope, String type, Permission permission) {
		if (payer != null && scope.context() == Context.SYSTEM && !payerRecordScopes.contains(scope)
				&& type != null && PAYER_RECORDS.containsKey(type)) {
			return false;
		}
		return scope.grants(type, permission);
	}

	/** Whether some {@code system/} scope grants this interaction on every type, unfiltered. */
	public boolean grantsEverything(Permission permission) {
		return scopes.stream()
			.anyMatch(scope -> !confines(scope) && scope.filter() == null
					&& scope.grants(SmartScope.ANY_TYPE, permission));
	}

	/**
	 * Whether some {@code system/} scope grants some interaction on every type, unfiltered: such a
	 * token reaches every record.
	 */
	public boolean reachesEveryRecord() {
		return Stream.of(Permission.values()).anyMatch(this::grantsEverything);
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
		return scopes.stream().anyMatch(scope -> reaches(scope, type, permission));
	}

	/**
	 * Whether a {@code system/} scope grants this interaction on this type, on every patient's data.
	 * For a payer-bound client only its payer's own types do, through the scopes that their filters
	 * hold to the payer's records.
	 */
	public boolean grantsUnconfined(String type, Permission permission) {
		return scopes.stream().anyMatch(scope -> !confines(scope) && reaches(scope, type, permission));
	}

	/**
	 * The ids of the patients a scope of this context reaches: the launch patient, or the user's
	 * caseload; null for {@code system/}, which is not confined.
	 */
	public Set<String> patientsOf(Context context) {
		return switch (context) {
			case SYSTEM -> {
				if (payer == null) {
					yield null;
				}
				if (members == null) {
					members = payerMembers.get();
				}
				yield members;
			}
			case PATIENT -> patientId == null ? Set.of() : Set.of(patientId);
			case USER -> {
				if (userPatients == null) {
					userPatients = caseload.get();
				}
				yield userPatients;
			}
		};
	}

	/** The patients a scope reaches: those of its context, or null when it is not confined. */
	public Set<String> patientsOf(SmartScope scope) {
		return confines(scope) ? patientsOf(scope.context()) : null;
	}

	/** The patients of every confined scope that grants this interaction on this type. */
	public Set<String> confinedPatients(String type, Permission permission) {
		return patientsOfConfined(scope -> reaches(scope, type, permission));
	}

	/** The patients of every confined scope, whatever it grants: whose records the token may touch at all. */
	public Set<String> confinedPatients() {
		return patientsOfConfined(scope -> true);
	}

	private Set<String> patientsOfConfined(Predicate<SmartScope> which) {
		Set<String> patients = new LinkedHashSet<>();
		scopes.stream()
			.filter(scope -> confines(scope) && which.test(scope))
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

	/** The same for the unconfined scopes only: what an unconfined read of this type is narrowed to. */
	public List<String> unconfinedFiltersOn(String type, Permission permission) {
		return filtersOf(scopes.stream().filter(scope -> !confines(scope)), type, permission);
	}

	private List<String> filtersOf(Stream<SmartScope> candidates, String type, Permission permission) {
		List<SmartScope> granting = candidates.filter(scope -> reaches(scope, type, permission)).toList();
		if (granting.stream().anyMatch(scope -> scope.filter() == null)) {
			return List.of();
		}
		return granting.stream().map(SmartScope::filter).distinct().toList();
	}

	/** From a token's scope values; unknown scopes are ignored, the caseload is read when first needed. */
	public static FhirAccess of(Collection<String> scopeValues, String patientId, Supplier<Set<String>> caseload,
			String clientId) {
		return of(new CallerGrant(List.copyOf(scopeValues), patientId, null, clientId), caseload, Set::of, null, Set::of);
	}

	/** The same for a client bound to a payer, whose members the supplier gives. */
	public static FhirAccess ofPayer(Collection<String> scopeValues, String clientId, String payer,
			Supplier<Set<String>> members) {
		return of(new CallerGrant(List.copyOf(scopeValues), null, null, clientId), Set::of, Set::of, payer, members);
	}

	static FhirAccess of(CallerGrant grant, Supplier<Set<String>> caseload, Supplier<Set<String>> identities,
			String payer, Supplier<Set<String>> payerMembers) {
		return new FhirAccess(grant.scopes().stream().flatMap(scope -> SmartScope.parse(scope).stream()).toList(),
				grant.patient(), caseload, grant.clientId(), grant, identities, payer, payerMembers);
	}

}
