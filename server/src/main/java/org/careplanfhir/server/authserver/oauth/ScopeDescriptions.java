package org.careplanfhir.server.authserver.oauth;

import org.careplanfhir.server.security.policy.SmartScope;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/** Plain-language descriptions of scopes for the consent page. */
final class ScopeDescriptions {

	private ScopeDescriptions() {
	}

	static Described describe(String scope) {
		return new Described(scope, switch (scope) {
			case "fhirUser" -> "Know who you are (your FHIR user record)";
			case "profile" -> "Know your name and profile";
			case "launch", "launch/patient" -> "Know which patient is open";
			case "launch/encounter" -> "Know which encounter is open";
			case "offline_access" -> "Keep access after you close the app, until you revoke it";
			case "online_access" -> "Keep access while you are signed in";
			default -> SmartScope.parse(scope).map(ScopeDescriptions::resource).orElse(scope);
		});
	}

	private static String resource(SmartScope scope) {
		StringBuilder actions = new StringBuilder();
		for (Permission permission : scope.permissions()) {
			if (!actions.isEmpty()) {
				actions.append(", ");
			}
			actions.append(switch (permission) {
				case CREATE -> "create";
				case READ -> "read";
				case UPDATE -> "change";
				case DELETE -> "delete";
				case SEARCH -> "search";
			});
		}
		String what = SmartScope.ANY_TYPE.equals(scope.resourceType()) ? "all record types" : scope.resourceType();
		String whose = switch (scope.context()) {
			case PATIENT -> "of the selected patient";
			case USER -> "that you can access";
			case SYSTEM -> "of every patient";
		};
		return actions + " " + what + " " + whose + (scope.filter() == null ? "" : " (only " + scope.filter() + ")");
	}

	record Described(String value, String description) {
	}

}
