package org.careplanfhir.server.security;

/** The conditions that pick who issues the tokens the FHIR endpoint accepts. */
public final class SecurityModes {

	/** The embedded authorization server issues them (the default). */
	public static final String EMBEDDED = "${careplan.security.enabled:true} and '${careplan.security.issuer-uri:}' == ''"
			+ " and '${careplan.security.jwk-set-uri:}' == ''";

	/** An external identity provider issues them. */
	public static final String EXTERNAL = "${careplan.security.enabled:true} and ('${careplan.security.issuer-uri:}' != ''"
			+ " or '${careplan.security.jwk-set-uri:}' != '')";

	private SecurityModes() {
	}

}
