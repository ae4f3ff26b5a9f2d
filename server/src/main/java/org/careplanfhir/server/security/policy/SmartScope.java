package org.careplanfhir.server.security.policy;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART resource scope, in v1 ({@code patient/CarePlan.read}) or v2
 * ({@code patient/CarePlan.rs?category=...}) syntax, reduced to the v2 meaning.
 *
 * @param context whose data: the launch patient's, the user's, or any (a backend system)
 * @param resourceType a FHIR resource type, or {@code *}
 * @param permissions the interactions granted
 * @param filter a granular restriction such as {@code category=http://...|assess-plan}, or null
 */
public record SmartScope(Context context, String resourceType, Set<Permission> permissions, String filter) {

	private static final Pattern SYNTAX = Pattern
		.compile("(patient|user|system)/([A-Z][A-Za-z]+|\\*)\\.(read|write|\\*|c?r?u?d?s?)(?:\\?(.+))?");

	public static final String ANY_TYPE = "*";

	/** The scope's meaning, or empty for a scope that names no resources ({@code openid}, {@code launch}). */
	public static Optional<SmartScope> parse(String scope) {
		Matcher syntax = SYNTAX.matcher(scope);
		if (!syntax.matches() || syntax.group(3).isEmpty()) {
			return Optional.empty();
		}
		Set<Permission> permissions = switch (syntax.group(3)) {
			case "read" -> EnumSet.of(Permission.READ, Permission.SEARCH);
			case "write" -> EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
			case "*" -> EnumSet.allOf(Permission.class);
			default -> Permission.fromLetters(syntax.group(3));
		};
		return Optional.of(new SmartScope(Context.valueOf(syntax.group(1).toUpperCase()), syntax.group(2),
				permissions, syntax.group(4)));
	}

	/**
	 * Whether a client registered for {@code registered} may ask for {@code requested}: the same
	 * scope, or a SMART resource scope one of the registered ones covers.
	 */
	public static boolean allowedBy(Collection<String> registered, String requested) {
		if (registered.contains(requested)) {
			return true;
		}
		Optional<SmartScope> wanted = parse(requested);
		return wanted.isPresent() && registered.stream()
			.flatMap(scope -> parse(scope).stream())
			.anyMatch(scope -> scope.covers(wanted.get()));
	}

	public boolean grants(String type, Permission permission) {
		return (ANY_TYPE.equals(resourceType) || resourceType.equals(type)) && permissions.contains(permission);
	}

	/**
	 * Whether a client registered for this scope may ask for {@code requested}: same context, a type
	 * this one covers, no more permissions, and at least as narrow a filter.
	 */
	public boolean covers(SmartScope requested) {
		return context == requested.context
				&& (ANY_TYPE.equals(resourceType) || resourceType.equals(requested.resourceType))
				&& permissions.containsAll(requested.permissions)
				&& (filter == null || filter.equals(requested.filter));
	}

	/** Whose data a scope reaches. */
	public enum Context {

		PATIENT, USER, SYSTEM

	}

	/** SMART v2 interactions, in the order their letters must appear in a scope. */
	public enum Permission {

		CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

		private final char letter;

		Permission(char letter) {
			this.letter = letter;
		}

		static Set<Permission> fromLetters(String letters) {
			Set<Permission> permissions = EnumSet.noneOf(Permission.class);
			for (Permission permission : values()) {
				if (letters.indexOf(permission.letter) >= 0) {
					permissions.add(permission);
				}
			}
			return permissions;
		}

		public char letter() {
			return letter;
		}

	}

}
