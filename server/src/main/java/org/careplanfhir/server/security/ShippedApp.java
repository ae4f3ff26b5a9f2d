package org.careplanfhir.server.security;

/**
 * An app the server ships and serves itself. The embedded authorization server registers each at
 * start-up as a client, unless {@code careplan.security.clients} lists a client with the same id,
 * which then wins (an operator may narrow its scopes or change its redirect address).
 */
public interface ShippedApp {

	SecurityProperties.Client client();

}
