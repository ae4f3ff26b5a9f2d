package org.careplanfhir.server.authserver;

import org.careplanfhir.server.security.ConditionalOnSecurityMode;
import org.careplanfhir.server.security.ProtectedFhirEndpoint;
import org.careplanfhir.server.security.SecurityProperties;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The entry of the default security mode: this server issues the tokens its FHIR endpoint accepts.
 * It brings in the OAuth2 side ({@code oauth}: SMART App Launch, Backend Services, sign-in and
 * consent pages, EHR launch) and the accounts ({@code accounts}: users, clients, admin API), which
 * the application's own scan leaves out, and the FHIR endpoint's protection from the security
 * module.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSecurityMode(SecurityProperties.Mode.EMBEDDED)
@ComponentScan(basePackages = { EmbeddedAuthorizationServer.OAUTH, EmbeddedAuthorizationServer.ACCOUNTS })
@Import({ SecuritySchema.class, ProtectedFhirEndpoint.class })
public class EmbeddedAuthorizationServer {

	static final String OAUTH = "org.careplanfhir.server.authserver.oauth";

	static final String ACCOUNTS = "org.careplanfhir.server.authserver.accounts";

	/** Matches the classes of those packages, which only this entry may bring in. */
	public static final String SCANNED_BY_ENTRY_ONLY = "org\\.careplanfhir\\.server\\.authserver\\.[a-z]+\\..*";

}
