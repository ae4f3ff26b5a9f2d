package org.careplanfhir.server.security;

import org.careplanfhir.server.security.scopes.ScopeEnforcement;

import org.springframework.context.annotation.Import;

/**
 * What protects {@code /fhir} whoever issues the tokens: the resource-server filter chain, SMART
 * discovery, the CapabilityStatement's security section and scope enforcement inside HAPI. Imported
 * by the entry configuration of each mode that has tokens (the embedded authorization server and
 * {@link ExternalIdentityProvider}); never scanned, so that no class here decides on its own
 * whether it runs.
 */
@Import({ FhirEndpointSecurity.class, SmartDiscovery.class, SmartConfiguration.class, SmartCapabilityStatement.class,
		ScopeEnforcement.class })
public class ProtectedFhirEndpoint {

}
