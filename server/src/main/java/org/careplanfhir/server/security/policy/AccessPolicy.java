package org.careplanfhir.server.security.policy;

import java.util.List;
import java.util.Set;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;

/**
 * What a capability's operations and data paths require of a token, declared by the capability in
 * its own module as a bean. The security core asks every contributed policy and refuses what none
 * allows: an operation that no policy names needs a {@code system/} scope with every permission on
 * the type it runs on (on every type, at system level). Used only while scopes are enforced; with
 * security off nothing asks.
 */
public interface AccessPolicy {

	/** The operations ({@code $name}) whose invocation this policy decides; no two policies share one. */
	Set<String> operations();

	/**
	 * Refuses, by throwing what {@link Refusals} makes, an invocation the token does not allow.
	 * Called before the operation runs, for the operations this policy names.
	 * @param operation the operation's name, with its {@code $}
	 * @param type the resource type it is invoked on, or null at system level
	 */
	void checkInvocation(String operation, String type, FhirAccess access);

	/**
	 * Adds the rules under which what this policy's operations answer may be shown. Every resource a
	 * confined token is shown is checked against the patient compartment by HAPI's authorization
	 * rules; an operation's answer passes only when a rule allows it.
	 */
	default void allowResponses(IAuthRuleBuilder rules, FhirAccess access) {
	}

	/**
	 * Whether this policy's {@link #guards() guards} decide plain reads of this type for this token,
	 * instead of the token's scope on the type (an export's files belong to the client that started
	 * the export, whatever its scopes on Binary).
	 */
	default boolean decidesReadsOf(String type, FhirAccess access) {
		return false;
	}

	/** HAPI interceptors that confine this capability's own data paths, registered while scopes are enforced. */
	default List<Object> guards() {
		return List.of();
	}

}
