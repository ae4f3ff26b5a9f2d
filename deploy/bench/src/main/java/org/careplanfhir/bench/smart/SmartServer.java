package org.careplanfhir.bench.smart;

import java.net.URI;

/**
 * Where a Careplan FHIR Server answers: its root (login, consent and OAuth2 endpoints) and the FHIR
 * endpoint under it, which is also the audience an app names in its authorization request.
 *
 * @param root the server's root URL, without a trailing slash, e.g. {@code http://localhost:8080}
 */
public record SmartServer(String root) {

	/** The server whose FHIR endpoint is at {@code fhirBase} ({@code …/fhir}). */
	public static SmartServer ofFhirBase(String fhirBase) {
		return new SmartServer(fhirBase.replaceAll("/$", "").replaceAll("/fhir$", ""));
	}

	/** A server on this machine, as the tests start it. */
	public static SmartServer onLocalPort(int port) {
		return new SmartServer("http://localhost:" + port);
	}

	public String fhirBase() {
		return root + "/fhir";
	}

	public URI tokenEndpoint() {
		return resolve("/oauth2/token");
	}

	/** A path on the server, or a full URL (a Location header) as it is. */
	public URI resolve(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://") ? pathOrUrl
				: root + pathOrUrl);
	}

}
