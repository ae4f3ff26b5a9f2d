package org.careplanfhir.bench.smart;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server's sign-in, patient picker and consent pages carry that a browser sends back: the
 * CSRF token, hidden fields, and the scopes the consent page offers (checked by default).
 * Careplan-specific: other servers' pages differ.
 */
final class LoginPages {

	private static final Pattern CSRF = hiddenField("_csrf");

	private static final Pattern OFFERED_SCOPE = Pattern
		.compile("type=\"checkbox\" name=\"scope\" checked id=\"[^\"]+\" value=\"([^\"]+)\"");

	private LoginPages() {
	}

	static String csrf(String html) {
		return find(CSRF, html, "CSRF token");
	}

	/** A hidden field's value, with the one entity the pages escape in it ({@code &amp;}) undone. */
	static String hidden(String html, String name) {
		return find(hiddenField(name), html, name).replace("&amp;", "&");
	}

	static List<String> offeredScopes(String consentPage) {
		return OFFERED_SCOPE.matcher(consentPage).results().map(match -> match.group(1)).toList();
	}

	private static Pattern hiddenField(String name) {
		return Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"");
	}

	private static String find(Pattern pattern, String html, String what) {
		Matcher found = pattern.matcher(html);
		if (!found.find()) {
			throw new IllegalStateException("No " + what + " in the page: " + html);
		}
		return found.group(1);
	}

}
