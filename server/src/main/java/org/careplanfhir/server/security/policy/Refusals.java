package org.careplanfhir.server.security.policy;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;

import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * The refusals of scope enforcement, worded alike whoever refuses: a 403 whose OperationOutcome
 * names what the token lacks, with {@code insufficient_scope} as SMART asks.
 */
public final class Refusals {

	private Refusals() {
	}

	/** Refuses unless some scope of the token grants this interaction on this type. */
	public static void require(FhirAccess access, String type, Permission permission) {
		if (type == null || !access.grants(type, permission)) {
			throw insufficientScope(type, String.valueOf(permission.letter()));
		}
	}

	/** The token's scopes do not grant these permission letters on this type (or on the request, when null). */
	public static ForbiddenOperationException insufficientScope(String type, String letters) {
		String what = type == null ? "this request" : type;
		return new ForbiddenOperationException(
				"The token's scopes do not grant '" + letters + "' on " + what + " (insufficient_scope)");
	}

	/** A refusal that says why in the capability's own words. */
	public static ForbiddenOperationException because(String reason) {
		return new ForbiddenOperationException(reason);
	}

}
