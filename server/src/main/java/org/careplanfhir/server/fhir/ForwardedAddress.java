package org.careplanfhir.server.fhir;

import java.util.Locale;

import ca.uhn.fhir.rest.server.IServerAddressStrategy;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The base URL of links taken from what a trusted reverse proxy says the client asked for: the
 * standard {@code Forwarded} header (RFC 7239: {@code host}, {@code proto}) or the common
 * {@code X-Forwarded-Host}, {@code -Proto}, {@code -Port} and {@code -Prefix}. Only used when the
 * operator says the proxy is trusted ({@code careplan.fhir.forwarded-links}), since any client
 * could send these headers to a server reached directly. A request without them gets the base the
 * server would use anyway.
 */
final class ForwardedAddress implements IServerAddressStrategy {

	private final IServerAddressStrategy otherwise;

	ForwardedAddress(IServerAddressStrategy otherwise) {
		this.otherwise = otherwise;
	}

	@Override
	public String determineServerBase(ServletContext context, HttpServletRequest request) {
		String host = null;
		String proto = null;
		String forwarded = request.getHeader("Forwarded");
		if (forwarded != null) {
			for (String pair : forwarded.split(",")[0].split(";")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					String name = pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
					String value = unquoted(pair.substring(equals + 1).trim());
					if (name.equals("host")) {
						host = value;
					}
					else if (name.equals("proto")) {
						proto = value;
					}
				}
			}
		}
		host = host != null ? host : first(request.getHeader("X-Forwarded-Host"));
		proto = proto != null ? proto : first(request.getHeader("X-Forwarded-Proto"));
		String port = first(request.getHeader("X-Forwarded-Port"));
		String prefix = first(request.getHeader("X-Forwarded-Prefix"));
		if (host == null && proto == null && prefix == null) {
			return otherwise.determineServerBase(context, request);
		}
		proto = proto != null ? proto.toLowerCase(Locale.ROOT) : request.getScheme();
		if (host == null) {
			host = request.getServerName() + (port == null ? ":" + request.getServerPort() : "");
		}
		if (port != null && !host.contains(":") && !isDefault(proto, port)) {
			host = host + ":" + port;
		}
		String path = (prefix == null ? "" : trimmedPrefix(prefix)) + request.getContextPath() + request.getServletPath();
		return proto + "://" + host + path;
	}

	private static boolean isDefault(String proto, String port) {
		return ("https".equals(proto) && "443".equals(port)) || ("http".equals(proto) && "80".equals(port));
	}

	private static String trimmedPrefix(String prefix) {
		String path = prefix.startsWith("/") ? prefix : "/" + prefix;
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	private static String first(String header) {
		if (header == null) {
			return null;
		}
		String value = header.split(",")[0].trim();
		return value.isEmpty() ? null : value;
	}

	private static String unquoted(String value) {
		return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
	}

}
