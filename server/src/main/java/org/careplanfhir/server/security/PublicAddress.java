package org.careplanfhir.server.security;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The absolute addresses apps see: the FHIR base and the authorization server's issuer, from
 * {@code careplan.fhir.server-address} (by default {@code http://localhost:<server.port>/fhir}).
 * With security on they never come from a request: a client that chose the {@code Host} header
 * would choose the issuer and audience of the tokens minted for it and the links in every bundle.
 * Start-up fails when the address is missing, not an absolute http(s) URL, or names port 0. With
 * security off, an empty address is taken from each request (honouring forwarded headers).
 */
@Component
public class PublicAddress {

	private static final String FHIR_PATH = "/fhir";

	private final String serverAddress;

	PublicAddress(@Value("${careplan.fhir.server-address:}") String serverAddress,
			@Value("${careplan.security.enabled:true}") boolean securityEnabled) {
		this.serverAddress = StringUtils.trimTrailingCharacter(serverAddress.trim(), '/');
		if (securityEnabled) {
			requireUsable(this.serverAddress);
		}
	}

	public String fhirBase(HttpServletRequest request) {
		if (StringUtils.hasText(serverAddress)) {
			return serverAddress;
		}
		return ServletUriComponentsBuilder.fromContextPath(request).path(FHIR_PATH).build().toUriString();
	}

	/** The issuer: the server's root, where {@code /.well-known/openid-configuration} is. */
	public String issuer(HttpServletRequest request) {
		String base = fhirBase(request);
		return base.endsWith(FHIR_PATH) ? base.substring(0, base.length() - FHIR_PATH.length()) : base;
	}

	/** The configured FHIR base, or null when it follows each request (security off only). */
	public String configuredFhirBase() {
		return StringUtils.hasText(serverAddress) ? serverAddress : null;
	}

	/** The configured issuer, or null when it follows each request (security off only). */
	public String configuredIssuer() {
		if (!StringUtils.hasText(serverAddress)) {
			return null;
		}
		return serverAddress.endsWith(FHIR_PATH) ? serverAddress.substring(0, serverAddress.length() - FHIR_PATH.length())
				: serverAddress;
	}

	private static void requireUsable(String address) {
		String problem = null;
		if (!StringUtils.hasText(address)) {
			problem = "is empty";
		}
		else {
			try {
				URI uri = URI.create(address);
				if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
					problem = "is not an absolute http(s) URL";
				}
				else if (uri.getPort() == 0) {
					problem = "names port 0 (server.port=0 picks a port only at start-up)";
				}
			}
			catch (IllegalArgumentException malformed) {
				problem = "is not a URL";
			}
		}
		if (problem != null) {
			throw new IllegalStateException("careplan.fhir.server-address '" + address + "' " + problem + ". With security"
					+ " on, the public base URL (e.g. https://fhir.example.org/fhir) is the issuer and audience of every"
					+ " token and the base of every link: set it (CAREPLAN_FHIR_SERVER_ADDRESS) to where clients reach"
					+ " this server.");
		}
	}

}
