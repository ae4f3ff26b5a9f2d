package org.careplanfhir.server.authserver.accounts;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.careplanfhir.server.security.SecurityProperties.Client;

/**
 * What a client registration may say, from configuration or the admin API. A redirect URI is where
 * the server sends authorization codes, and a key-set URL is fetched by the server itself: a loose
 * one leaks codes to another site, or turns the server into a way into the operator's network
 * (a cloud metadata address, say). Each rule's message names the field.
 */
final class ClientInputRules {

	/** RFC 6749's unreserved characters, as client ids go in URLs and logs. */
	private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,99}");

	private static final Pattern PAYER = Pattern.compile("Organization/[A-Za-z0-9\\-.]{1,64}");

	static final int MIN_SECRET_LENGTH = 16;

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

	private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata",
			"instance-data", "metadata.azure.com");

	private ClientInputRules() {
	}

	static void check(Client client) {
		String id = client.clientId();
		if (id == null || !CLIENT_ID.matcher(id).matches()) {
			throw new IllegalArgumentException("clientId: 1 to 100 characters of A-Z, a-z, 0-9 and . _ ~ -, starting with a"
					+ " letter or digit (was " + abbreviated(id) + ")");
		}
		for (String redirect : client.redirectUris()) {
			checkRedirectUri(redirect);
		}
		if (client.jwksUri() != null && !client.jwksUri().isBlank()) {
			checkKeySetUrl(client.jwksUri());
		}
		if (client.payer() != null && !client.payer().isBlank() && !PAYER.matcher(client.payer()).matches()) {
			throw new IllegalArgumentException("payer: a reference to the payer's Organization, Organization/[id] (was "
					+ abbreviated(client.payer()) + ")");
		}
		String secret = client.secret();
		if (secret != null && !ClientRegistrations.isEncoded(secret) && secret.length() < MIN_SECRET_LENGTH) {
			throw new IllegalArgumentException("secret: at least " + MIN_SECRET_LENGTH + " characters");
		}
	}

	private static void checkRedirectUri(String redirect) {
		URI uri = parse("redirectUris", redirect);
		if (redirect.contains("*")) {
			throw new IllegalArgumentException("redirectUris: no wildcards; list each URI in full (was " + abbreviated(redirect) + ")");
		}
		if (uri.getRawFragment() != null) {
			throw new IllegalArgumentException("redirectUris: a redirect URI has no fragment (was " + abbreviated(redirect) + ")");
		}
		if (!"https".equalsIgnoreCase(uri.getScheme()) && !("http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri))) {
			throw new IllegalArgumentException("redirectUris: https, or http only on a loopback address for native apps"
					+ " (was " + abbreviated(redirect) + ")");
		}
	}

	private static void checkKeySetUrl(String url) {
		URI uri = parse("jwksUri", url);
		if (!"https".equalsIgnoreCase(uri.getScheme()) && !("http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri))) {
			throw new IllegalArgumentException("jwksUri: https (http only on a loopback address, for development)"
					+ " (was " + abbreviated(url) + ")");
		}
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		if (METADATA_HOSTS.contains(host) || isLinkLocalLiteral(host)) {
			throw new IllegalArgumentException("jwksUri: a link-local or cloud metadata address is never a key set"
					+ " (was " + abbreviated(url) + ")");
		}
	}

	private static URI parse(String field, String value) {
		try {
			URI uri = new URI(value);
			if (!uri.isAbsolute() || uri.getHost() == null) {
				throw new IllegalArgumentException(field + ": an absolute URL with a host (was " + abbreviated(value) + ")");
			}
			return uri;
		}
		catch (URISyntaxException malformed) {
			throw new IllegalArgumentException(field + ": not a URL (" + malformed.getReason() + ")");
		}
	}

	private static boolean isLoopback(URI uri) {
		return LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
	}

	/** An IP literal (not a name: names are not resolved here) in 169.254/16, fe80::/10 or fd00:ec2::254. */
	private static boolean isLinkLocalLiteral(String host) {
		String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
			return false;
		}
		try {
			InetAddress address = InetAddress.getByName(literal);
			return address.isLinkLocalAddress() || literal.equalsIgnoreCase("fd00:ec2::254");
		}
		catch (UnknownHostException notALiteral) {
			return false;
		}
	}

	private static String abbreviated(String value) {
		return value == null ? "nothing" : value.length() <= 60 ? value : value.substring(0, 60) + "… (" + value.length() + " characters)";
	}

}
