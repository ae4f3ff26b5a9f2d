package org.careplanfhir.server.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The absolute addresses apps see: the FHIR base and the authorization server's issuer, from
 * {@code careplan.fhir.server-address} when set, otherwise from the request (honouring forwarded
 * headers).
 */
@Component
public class PublicAddress {

	private static final String FHIR_PATH = "/fhir";

	private final String serverAddress;

	PublicAddress(@Value("${careplan.fhir.server-address:}") String serverAddress) {
		this.serverAddress = StringUtils.trimTrailingCharacter(serverAddress, '/');
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

	/** The configured issuer, or null when it follows each request. */
	public String configuredIssuer() {
		if (!StringUtils.hasText(serverAddress)) {
			return null;
		}
		return serverAddress.endsWith(FHIR_PATH) ? serverAddress.substring(0, serverAddress.length() - FHIR_PATH.length())
				: serverAddress;
	}

}
