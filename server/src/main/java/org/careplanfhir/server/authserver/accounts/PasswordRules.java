package org.careplanfhir.server.authserver.accounts;

import java.util.Locale;
import java.util.Set;

/**
 * What a password for an account must be: long enough, not the account's own name, and not one of
 * the passwords that top every list of breached passwords, nor a run of one character or a keyboard
 * or number sequence. Length matters most (NIST SP 800-63B); the rest stops what guessers try first.
 */
final class PasswordRules {

	/** Padded and repeated forms of the passwords breach lists rank highest, at the lengths allowed here. */
	private static final Set<String> BREACHED = Set.of("password1234", "password12345", "password123456",
			"passwordpassword", "123456789012", "1234567890123", "12345678901234", "qwertyuiop12", "qwertyuiop123",
			"qwerty123456", "qwertyqwerty", "1q2w3e4r5t6y", "1qaz2wsx3edc", "iloveyou1234", "administrator",
			"administrator1", "changeme1234", "changemenow1", "welcome12345", "welcome123456", "letmein12345",
			"passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "abc123456789", "abcdefghijkl", "football1234",
			"baseball1234", "sunshine1234", "princess1234", "dragon123456", "monkey123456", "trustno1trustno1",
			"superman1234", "starwars1234", "whatever1234", "master123456", "hello1234567", "default12345",
			"secret123456", "careplan1234", "careplanfhir");

	private PasswordRules() {
	}

	static void check(String username, String password, int minLength) {
		if (password.length() < minLength) {
			throw new IllegalArgumentException("password: at least " + minLength + " characters");
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
			throw new IllegalArgumentException("password: must not contain the account's name");
		}
		if (BREACHED.contains(lower) || lower.chars().distinct().count() <= 2 || isSequence(lower)) {
			throw new IllegalArgumentException(
					"password: too easy to guess (a commonly breached password, a repeated character or a sequence)");
		}
	}

	/** 'abcdef…', '123456…', 'fedcba…': each character one above or below the last. */
	private static boolean isSequence(String password) {
		int step = password.charAt(1) - password.charAt(0);
		if (Math.abs(step) != 1) {
			return false;
		}
		for (int i = 2; i < password.length(); i++) {
			if (password.charAt(i) - password.charAt(i - 1) != step) {
				return false;
			}
		}
		return true;
	}

}
